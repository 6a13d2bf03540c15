-- Basic metabolic panel (CPT 80048) and comprehensive metabolic panel (CPT 80053).
--
-- Routine chemistry panels need no prior authorization on any plan: covered when ordered for a
-- diagnosis (medical necessity is checked on the claim, as in the Medicare lab NCD 190.x edits).

local CPT = "http://www.ama-assn.org/go/cpt"

return policy {
  id = "basic-metabolic-panel",
  title = "Basic and comprehensive metabolic panels",
  link = "https://unitedcare.example/policies/lab/basic-metabolic-panel",
  services = {
    { system = CPT, codes = { "80048", "80053" } },
  },

  coverage = function(req)
    return {
      covered = "covered",
      pa_needed = "no-auth",
      doc_needed = "no-doc",
      note = "Metabolic panels need no prior authorization.",
    }
  end,

  adjudicate = function(req)
    local item = req.item or {}
    return { action = "approve", quantity = item.quantity, period = item.period,
      note = "No prior authorization is required for metabolic panels; the request is approved as submitted." }
  end,
}
