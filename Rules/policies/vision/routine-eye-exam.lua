-- Routine eye examination (CPT 92002/92004 new patient, 92012/92014 established patient; HCPCS
-- S0620/S0621 routine ophthalmological examination including refraction).
--
-- Original Medicare excludes routine eye exams (SSA §1862(a)(7)), but Medicare Advantage plans
-- here add one routine exam per calendar year as a supplemental benefit; Medicaid and CHIP cover
-- one exam a year; the exchange plan covers routine vision only for members under 19 (pediatric
-- vision is an essential health benefit), so adults are not covered. No prior authorization is
-- needed where the exam is covered. A request for an adult on the exchange plan is denied
-- administratively (a benefit exclusion, not a medical-necessity decision).

local CPT = "http://www.ama-assn.org/go/cpt"
local HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
local NON_COVERED = "0M" -- X12 886: Non-covered service

-- Benefit per line of business: max_age = covered only below this age.
local BENEFIT = {
  ["medicare-advantage"] = { exams_per_year = 1, name = "Medicare Advantage supplemental vision benefit" },
  ["medicaid"] = { exams_per_year = 1, name = "Medicaid vision benefit" },
  ["chip"] = { exams_per_year = 1, name = "CHIP vision benefit" },
  ["exchange"] = { exams_per_year = 1, max_age = 19, name = "pediatric vision benefit" },
}

local function member_age(req)
  local p = req.patient or {}
  return p.age or gl.age(p.birth_date, req.today)
end

-- The benefit when covered; nil, sentence when not covered; nil, nil when the plan is unknown.
local function benefit(req)
  local lob = req.coverage and req.coverage.line_of_business or nil
  if lob == nil then return nil, nil end -- plan unknown: no decision either way
  local b = BENEFIT[lob]
  if b == nil then
    return nil, "The member's plan does not include a routine vision benefit."
  end
  if b.max_age then
    local age = member_age(req)
    if age == nil or age >= b.max_age then
      return nil, string.format("The member's plan covers routine eye exams only for members under %d (%s); the member is %s.",
        b.max_age, b.name, age and tostring(age) or "of unknown age")
    end
  end
  return b
end

return policy {
  id = "routine-eye-exam",
  title = "Routine eye examination",
  link = "https://unitedcare.example/policies/vision/routine-eye-exam",
  services = {
    { system = CPT, codes = { "92002", "92004", "92012", "92014" } },
    { system = HCPCS, codes = { "S0620", "S0621" } },
  },

  coverage = function(req)
    local b, why = benefit(req)
    if b == nil and why == nil then
      return { covered = "conditional", pa_needed = "no-auth",
        note = "Routine eye exam coverage depends on the member's plan, which is not known here." }
    end
    if b == nil then
      return {
        covered = "not-covered",
        pa_needed = "no-auth",
        reasons = { { code = "benefit-exclusion", text = why } },
        note = "Routine eye exams are not a covered benefit for this member; a medical eye exam for a diagnosis (e.g. diabetes, glaucoma) is billed under the medical benefit.",
      }
    end
    return {
      covered = "covered",
      pa_needed = "no-auth",
      doc_needed = "no-doc",
      limits = { quantity = { value = b.exams_per_year, unit = "exam" },
                 period = { start = gl.date.year_start(req.today), ["end"] = gl.date.year_end(req.today) } },
      note = string.format("Covered under the %s: %d routine exam per calendar year, no prior authorization.", b.name, b.exams_per_year),
    }
  end,

  adjudicate = function(req)
    local b, why = benefit(req)
    if b == nil and why == nil then
      return { action = "pend", review = { "The member's line of business is not known, so the vision benefit cannot be checked." },
        note = "Pended for review: the member's plan is not known." }
    end
    if b == nil then
      return { action = "deny", administrative = true, reasons = { NON_COVERED },
        note = "Administrative denial: " .. why }
    end
    local item = req.item or {}
    return { action = "approve", quantity = { value = 1, unit = "exam" }, period = item.period,
      note = "No prior authorization is required for a routine eye exam under the " .. b.name .. "." }
  end,
}
