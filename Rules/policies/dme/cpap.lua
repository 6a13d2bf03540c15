-- CPAP device (HCPCS E0601) for obstructive sleep apnea.
--
-- Criteria: Medicare NCD 240.4 (CPAP Therapy for OSA) and DME MAC LCD L33718 (Positive Airway
-- Pressure Devices for the Treatment of OSA).
-- Initial 12-week trial, after a face-to-face evaluation and a Medicare-covered sleep test
-- (attended polysomnography or home sleep test), when the apnea-hypopnea index (AHI, or RDI) is
--   ≥ 15 events per hour; or
--   5 to 14 events per hour with excessive daytime sleepiness, impaired cognition, mood disorder
--   or insomnia, or hypertension, ischemic heart disease or a history of stroke.
-- Continued coverage after the trial needs a face-to-face re-evaluation between day 31 and day
-- 91 showing the symptoms improved, and objective adherence: use ≥ 4 hours per night on ≥ 70% of
-- nights during a consecutive 30-day period in the first three months.
-- The member is in continuation when a CPAP was authorized for them in the last 12 months
-- (member.prior_authorizations).

local HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/cpap"
local TRIAL_DAYS = 84 -- 12 weeks
local ADHERENCE_PERCENT = 70

local COMORBIDITIES = {
  { code = "daytime-sleepiness", display = "Excessive daytime sleepiness (Epworth > 10 or MSLT < 6 minutes)" },
  { code = "impaired-cognition", display = "Impaired cognition" },
  { code = "mood-disorder", display = "Mood disorder" },
  { code = "insomnia", display = "Insomnia" },
  { code = "hypertension", display = "Hypertension" },
  { code = "ischemic-heart-disease", display = "Ischemic heart disease" },
  { code = "stroke", display = "History of stroke" },
  { code = "none", display = "None of these" },
}
local COMORBIDITY_TEXT = {}
for _, c in ipairs(COMORBIDITIES) do COMORBIDITY_TEXT[c.code] = c.display end

-- Continuation: a CPAP authorized for this member in the last 12 months.
local function continuing(req)
  local since = gl.date.add_months(req.today, -12)
  return gl.count_prior(req, HCPCS, "E0601", since) > 0
end

-- A sleep test the plan has on file for the member (a prior authorization for one in the last
-- 12 months). Without one, the order comes with the test that qualifies a CPAP trial: a home
-- sleep test (type III, HCPCS G0399) or attended polysomnography (CPT 95810).
local CPT = "http://www.ama-assn.org/go/cpt"
local SLEEP_TESTS = {
  { system = HCPCS, codes = { "G0398", "G0399", "G0400" } },
  { system = CPT, codes = { "95800", "95801", "95806", "95807", "95808", "95810", "95811" } },
}
local SLEEP_TEST_ORDERS = {
  { resource_type = "ServiceRequest", system = HCPCS, code = "G0399",
    display = "Home sleep test (HST) with type III portable monitor",
    reason = "No sleep test is on file: a CPAP trial needs an AHI from a home sleep test or polysomnography." },
  { resource_type = "ServiceRequest", system = CPT, code = "95810",
    display = "Polysomnography, attended, 4 or more parameters",
    reason = "No sleep test is on file: a CPAP trial needs an AHI from a home sleep test or polysomnography." },
}

local function sleep_test_on_file(req)
  local since = gl.date.add_months(req.today, -12)
  for _, test in ipairs(SLEEP_TESTS) do
    if gl.count_prior(req, test.system, test.codes, since) > 0 then return true end
  end
  return false
end

local function comorbidities(answers)
  local out = {}
  for _, c in ipairs(gl.list(answers["comorbidities"])) do
    if c ~= "none" and COMORBIDITY_TEXT[c] then out[#out + 1] = c end
  end
  return out
end

local function osa_on_order(req)
  local order = req.order or {}
  if order.reason_codes == nil or #order.reason_codes == 0 then return nil end
  return gl.valueset("obstructive-sleep-apnea"):contains_any(order.reason_codes)
end

return policy {
  id = "cpap",
  title = "CPAP for obstructive sleep apnea",
  link = "https://unitedcare.example/policies/dme/cpap",
  services = {
    { system = HCPCS, codes = { "E0601" } },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local result = {
      covered = "conditional",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
    }
    if continuing(req) then
      result.note = "Continued CPAP coverage after the 12-week trial needs a re-evaluation between day 31 and day 91 and adherence data: at least 4 hours a night on 70% of nights in a consecutive 30-day period."
    else
      result.note = "A 12-week CPAP trial needs a sleep test with AHI ≥ 15, or AHI 5–14 with sleepiness, impaired cognition, mood disorder, insomnia, hypertension, ischemic heart disease or prior stroke."
      if not sleep_test_on_file(req) then result.additional_orders = SLEEP_TEST_ORDERS end
    end
    if osa_on_order(req) == false then
      result.reasons = { { code = "diagnosis", text = "CPAP (E0601) is covered for obstructive sleep apnea (G47.33); the order's diagnoses do not include it." } }
      result.note = result.note .. " Add the obstructive sleep apnea diagnosis (G47.33) if it applies."
    end
    return result
  end,

  next_question = function(req)
    local a = req.answers or {}
    if continuing(req) then
      local items = {}
      if a["adherence-percent"] == nil then
        items[#items + 1] = { link_id = "adherence-percent", type = "integer", required = true,
          text = "Percentage of nights with at least 4 hours of use, in the best consecutive 30-day period of the trial (from the device download)" }
      end
      if a["reevaluation-date"] == nil then
        items[#items + 1] = { link_id = "reevaluation-date", type = "date", required = true,
          text = "Date of the face-to-face re-evaluation" }
      end
      if a["symptoms-improved"] == nil then
        items[#items + 1] = { link_id = "symptoms-improved", type = "boolean", required = true,
          text = "Did the re-evaluation document that OSA symptoms improved on CPAP?" }
      end
      if #items > 0 then return { items = items } end
      return { complete = true }
    end
    if a["ahi"] == nil or a["sleep-test-type"] == nil then
      return { items = {
        { link_id = "sleep-test-type", type = "choice", required = true, text = "Sleep test",
          options = {
            { code = "psg", display = "Attended polysomnography (type I)" },
            { code = "hst", display = "Home sleep test (type II, III or IV)" },
          } },
        { link_id = "ahi", type = "decimal", required = true, text = "Apnea-hypopnea index (AHI or RDI), events per hour" },
        { link_id = "sleep-test-date", type = "date", required = true, text = "Date of the sleep test" },
      } }
    end
    local ahi = gl.number(a["ahi"]) or 0
    if ahi >= 5 and ahi < 15 and a["comorbidities"] == nil then
      return { items = { { link_id = "comorbidities", type = "choice", required = true, repeats = true,
        text = "Does the patient have any of these? Select all that apply.", options = COMORBIDITIES } } }
    end
    return { complete = true }
  end,

  adjudicate = function(req)
    local a = req.answers or {}
    local start = req.today
    if continuing(req) then
      local pct = gl.number(a["adherence-percent"])
      local problems = {}
      if pct == nil then
        problems[#problems + 1] = "Adherence data (nights with ≥ 4 hours of use) is not documented."
      elseif pct < ADHERENCE_PERCENT then
        problems[#problems + 1] = string.format("Use of ≥ 4 hours on %s%% of nights is below the required %d%% in a consecutive 30-day period.", tostring(pct), ADHERENCE_PERCENT)
      end
      if not gl.truthy(a["symptoms-improved"]) then
        problems[#problems + 1] = "The re-evaluation does not document improvement of symptoms."
      end
      if #problems > 0 then
        return { action = "pend", review = problems, note = "Pended for clinical review: " .. problems[1] }
      end
      return { action = "approve", quantity = req.item and req.item.quantity or nil,
        period = { start = start, ["end"] = gl.date.add_days(gl.date.add_months(start, 12), -1) },
        note = string.format("Continued coverage approved for 12 months: ≥ 4 hours of use on %s%% of nights.", tostring(pct)) }
    end

    local ahi = gl.number(a["ahi"])
    if ahi == nil then
      return { action = "pend", review = { "No sleep test result (AHI or RDI) is documented." },
        note = "Pended for review: the sleep test result is missing." }
    end
    local trial = { start = start, ["end"] = gl.date.add_days(start, TRIAL_DAYS - 1) }
    local quantity = req.item and req.item.quantity or nil
    if ahi >= 15 then
      return { action = "approve", quantity = quantity, period = trial,
        note = string.format("Approved for a 12-week trial: AHI %s events per hour.", tostring(ahi)) }
    end
    if ahi >= 5 then
      local found = comorbidities(a)
      if #found > 0 then
        return { action = "approve", quantity = quantity, period = trial,
          note = string.format("Approved for a 12-week trial: AHI %s events per hour with %s.", tostring(ahi), string.lower(COMORBIDITY_TEXT[found[1]])) }
      end
      return { action = "pend",
        review = { string.format("AHI %s is 5–14 and no qualifying symptom or comorbidity is documented.", tostring(ahi)) },
        note = "Pended for clinical review: mild OSA without a documented symptom or comorbidity." }
    end
    return { action = "pend",
      review = { string.format("AHI %s is below 5 events per hour.", tostring(ahi)) },
      note = "Pended for clinical review: the sleep test does not show OSA at the policy's threshold." }
  end,
}
