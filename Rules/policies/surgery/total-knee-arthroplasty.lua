-- Total knee arthroplasty (CPT 27447).
--
-- Criteria (after the common payer TKA policies and the AAOS guideline for knee osteoarthritis):
--   * advanced arthritis on weight-bearing radiographs: Kellgren-Lawrence grade 3 or 4 (joint
--     space narrowing, osteophytes, subchondral sclerosis), or osteonecrosis/inflammatory
--     arthritis of the knee;
--   * pain and functional limitation that interfere with activities of daily living;
--   * at least 3 months of failed nonoperative care with at least two modalities (physical
--     therapy or a home exercise program, NSAIDs or analgesics, weight loss, intra-articular
--     injection, bracing or an assistive device) — not required for osteonecrosis;
--   * BMI below 40 (at 40 or more the surgeon documents optimization; a reviewer decides);
--   * no active infection (knee or systemic): an absolute contraindication.
-- An approval covers one procedure, valid for 90 days.

local CPT = "http://www.ama-assn.org/go/cpt"
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/total-knee-arthroplasty"
local MIN_MONTHS = 3
local MIN_MODALITIES = 2
local MAX_BMI = 40
local VALID_DAYS = 90

local OSTEONECROSIS = { "M87.051", "M87.052", "M87.061", "M87.062" }

local function has_osteonecrosis(req)
  local order = req.order or {}
  return gl.has_code(order.reason_codes, "http://hl7.org/fhir/sid/icd-10-cm", OSTEONECROSIS)
      or gl.truthy(gl.answer(req, "osteonecrosis"))
end

return policy {
  id = "total-knee-arthroplasty",
  title = "Total knee arthroplasty",
  link = "https://unitedcare.example/policies/surgery/total-knee-arthroplasty",
  services = {
    { system = CPT, codes = { "27447" } },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local order = req.order or {}
    local result = {
      covered = "conditional",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
      info_needed = { "location" },
      note = "Total knee arthroplasty needs prior authorization: radiographic arthritis (Kellgren-Lawrence 3–4), functional limitation, at least 3 months of failed nonoperative care, and BMI under 40.",
    }
    if order.reason_codes and #order.reason_codes > 0
        and not gl.valueset("knee-arthritis"):contains_any(order.reason_codes) then
      result.reasons = { { code = "diagnosis", text = "The order's diagnoses do not include arthritis or osteonecrosis of the knee." } }
    end
    return result
  end,

  adjudicate = function(req)
    local a = req.answers or {}
    if gl.truthy(a["active-infection"]) then
      return { action = "pend", review = { "Active infection is reported: total knee arthroplasty is contraindicated until it resolves." },
        note = "Pended for clinical review: active infection." }
    end
    local missing, problems = {}, {}
    local grade = gl.number(a["kl-grade"])
    local months = gl.number(a["conservative-care-months"])
    local bmi = gl.number(a["bmi"])
    local modalities = gl.list(a["conservative-care-types"])
    local necrosis = has_osteonecrosis(req)

    if grade == nil and not necrosis then missing[#missing + 1] = "radiographic grade (Kellgren-Lawrence)" end
    if a["functional-limitation"] == nil then missing[#missing + 1] = "functional limitation" end
    if months == nil and not necrosis then missing[#missing + 1] = "months of nonoperative care" end
    if bmi == nil then missing[#missing + 1] = "BMI" end
    if #missing > 0 then
      return { action = "pend", review = { "Not documented: " .. table.concat(missing, ", ") .. "." },
        note = "Pended for review: the request is missing " .. table.concat(missing, ", ") .. "." }
    end

    if not necrosis and grade < 3 then
      problems[#problems + 1] = string.format("Kellgren-Lawrence grade %s; policy needs grade 3 or 4.", tostring(grade))
    end
    if not gl.truthy(a["functional-limitation"]) then
      problems[#problems + 1] = "No functional limitation of daily activities is documented."
    end
    if not necrosis then
      if months < MIN_MONTHS then
        problems[#problems + 1] = string.format("Nonoperative care is %s months; policy needs %d.", tostring(months), MIN_MONTHS)
      end
      if #modalities < MIN_MODALITIES then
        problems[#problems + 1] = string.format("%d nonoperative modality documented; policy needs at least %d.", #modalities, MIN_MODALITIES)
      end
    end
    if bmi >= MAX_BMI then
      problems[#problems + 1] = string.format("BMI %s is 40 or more: optimization before surgery must be reviewed.", tostring(bmi))
    end
    if #problems > 0 then
      return { action = "pend", review = problems, note = "Pended for clinical review: " .. problems[1] }
    end
    local why = necrosis and "osteonecrosis of the knee"
      or string.format("Kellgren-Lawrence grade %s arthritis after %s months of nonoperative care", tostring(grade), tostring(months))
    return { action = "approve", quantity = { value = 1, unit = "procedure" },
      period = gl.days_from_start(req, VALID_DAYS),
      note = "Approved: " .. why .. ". Valid for 90 days." }
  end,
}
