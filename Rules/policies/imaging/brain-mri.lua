-- MRI of the brain (CPT 70551 without contrast, 70552 with contrast, 70553 without and with
-- contrast), with the gold-card exemption.
--
-- Prior authorization is required, except when the ordering provider holds a current gold card
-- for brain MRI (Rules/data/gold-card.json: granted when the provider's approval rate for the
-- service met the plan's threshold over the last review period; each card has an expiry date).
--
-- Clinical criteria (after the ACR Appropriateness Criteria for headache, seizures, cerebrovascular
-- disease and brain tumors): a new or progressive focal neurologic deficit, new-onset seizure,
-- known or suspected intracranial tumor or metastasis, suspected or known demyelinating disease
-- (multiple sclerosis), suspected stroke or TIA, or headache with red flags (thunderclap onset,
-- new headache after age 50, papilledema, change in pattern, immunosuppression, headache with
-- exertion or positional change). Uncomplicated chronic or migraine headache without red flags is
-- not an indication. An approval covers one study, valid for 60 days.

local CPT = "http://www.ama-assn.org/go/cpt"
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/brain-mri"
local VALID_DAYS = 60

local INDICATIONS = {
  ["focal-deficit"] = "a new or progressive focal neurologic deficit",
  ["new-seizure"] = "a new-onset seizure",
  ["tumor"] = "a known or suspected intracranial tumor or metastasis",
  ["demyelinating"] = "suspected or known demyelinating disease",
  ["stroke-tia"] = "suspected stroke or transient ischemic attack",
  ["headache-red-flags"] = "headache with red flags",
}

local function study(req)
  return { value = 1, unit = "study" }, gl.days_from_start(req, VALID_DAYS)
end

return policy {
  id = "brain-mri",
  title = "MRI of the brain (gold-card eligible)",
  link = "https://unitedcare.example/policies/imaging/brain-mri",
  services = {
    { system = CPT, codes = { "70551", "70552", "70553" } },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local card = gl.requester_gold_card(req)
    if card then
      return {
        covered = "covered",
        pa_needed = "no-auth",
        doc_needed = "no-doc",
        reasons = { { code = "gold-card", text = string.format(
          "%s is gold-carded for brain MRI through %s; no prior authorization is needed.",
          card.name or ("NPI " .. tostring(card.npi)), card.expires) } },
      }
    end
    local note = "Brain MRI needs prior authorization: answer the form with the clinical indication."
    local old = gl.requester_lapsed_gold_card(req)
    if old then
      note = string.format("%s's gold card for brain MRI expired on %s; prior authorization is needed again. %s",
        old.name, old.expires, "Answer the form with the clinical indication.")
    end
    return {
      covered = "conditional",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
      note = note,
    }
  end,

  adjudicate = function(req)
    local quantity, period = study(req)
    local card = gl.requester_gold_card(req)
    if card then
      return { action = "approve", quantity = quantity, period = period,
        note = string.format("Approved: %s is gold-carded for brain MRI through %s.", card.name, card.expires) }
    end
    local indications = gl.list(gl.answer(req, "indication"))
    for _, i in ipairs(indications) do
      if INDICATIONS[i] then
        return { action = "approve", quantity = quantity, period = period,
          note = "Approved for " .. INDICATIONS[i] .. ". Valid for 60 days." }
      end
    end
    if #indications == 0 then
      return { action = "pend", review = { "No clinical indication is documented." },
        note = "Pended for review: the request does not state a clinical indication." }
    end
    return { action = "pend",
      review = { "The indication (" .. table.concat(indications, ", ") .. ") is not one the policy approves automatically, e.g. uncomplicated headache without red flags." },
      note = "Pended for clinical review." }
  end,
}
