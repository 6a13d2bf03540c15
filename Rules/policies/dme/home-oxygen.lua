-- Home oxygen equipment (HCPCS E0424 stationary compressed gaseous system, E0431 portable
-- gaseous system, E0439 stationary liquid system).
--
-- Criteria: Medicare NCD 240.2 (Home Use of Oxygen) and DME MAC LCD L33797 (Oxygen and Oxygen
-- Equipment). A qualifying blood gas study, taken on room air while the patient is in a chronic
-- stable state (or within 2 days before an inpatient discharge), no more than 30 days before the
-- initial date of service:
--   Group I  — arterial PaO2 ≤ 55 mm Hg or SpO2/SaO2 ≤ 88%:
--              at rest (awake); or during exercise, with documented improvement of the
--              hypoxemia on oxygen; or during sleep, for at least 5 minutes in total.
--              Approved for 12 months.
--   Group II — PaO2 56–59 mm Hg or SpO2 89%, with dependent edema suggesting congestive heart
--              failure, pulmonary hypertension or cor pulmonale, or erythrocythemia (hematocrit
--              > 56%). Approved for 3 months: a retest between day 61 and day 90 is needed.
--   Otherwise (PaO2 ≥ 60 or SpO2 ≥ 90%) oxygen is not reasonable and necessary: a reviewer
--   decides.
-- A portable system (E0431) also needs the patient to be mobile within the home.

local HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/home-oxygen"
local PORTABLE = "E0431"
local MAX_TEST_AGE_DAYS = 30

local GROUP_II_CONDITIONS = {
  { code = "dependent-edema", display = "Dependent edema suggesting congestive heart failure" },
  { code = "pulmonary-hypertension", display = "Pulmonary hypertension or cor pulmonale (P pulmonale on ECG, echocardiogram, gated blood pool scan or direct pulmonary artery pressure)" },
  { code = "erythrocythemia", display = "Erythrocythemia with a hematocrit above 56%" },
  { code = "none", display = "None of these" },
}

local function is_portable(req)
  return req.service and req.service.code == PORTABLE
end

-- Classify the study: "group-1", "group-2", "not-qualifying", or nil when incomplete.
local function classify(answers)
  local kind = answers["test-type"]
  local value = gl.number(answers["test-result"])
  if kind == nil or value == nil then return nil end
  if kind == "spo2" then
    if value <= 88 then return "group-1" end
    if value == 89 then return "group-2" end
    return "not-qualifying"
  elseif kind == "pao2" then
    if value <= 55 then return "group-1" end
    if value <= 59 then return "group-2" end
    return "not-qualifying"
  end
  return nil
end

local function describe(answers)
  local kind = answers["test-type"] == "pao2" and "PaO2" or "SpO2"
  local unit = answers["test-type"] == "pao2" and " mm Hg" or "%"
  return string.format("%s %s%s (%s)", kind, tostring(gl.number(answers["test-result"])), unit,
    tostring(answers["test-condition"] or "condition not stated"))
end

local function group_two_conditions(answers)
  local out = {}
  for _, c in ipairs(gl.list(answers["group-2-conditions"])) do
    if c ~= "none" then out[#out + 1] = c end
  end
  return out
end

return policy {
  id = "home-oxygen",
  title = "Home oxygen equipment",
  link = "https://unitedcare.example/policies/dme/home-oxygen",
  services = {
    { system = HCPCS, codes = { "E0424", "E0431", "E0439" } },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local note = "Home oxygen needs prior authorization with a qualifying blood gas study taken on room air within 30 days: SpO2 ≤ 88% or PaO2 ≤ 55 mm Hg at rest, during exercise or during sleep (or SpO2 89% / PaO2 56–59 mm Hg with edema, pulmonary hypertension or erythrocythemia)."
    if is_portable(req) then
      note = note .. " A portable system also needs the patient to be mobile within the home."
    end
    return {
      covered = "conditional",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
      info_needed = { "performer" },
      note = note,
    }
  end,

  next_question = function(req)
    local a = req.answers or {}
    local items = {}
    if a["test-type"] == nil or a["test-result"] == nil or a["test-date"] == nil or a["test-condition"] == nil then
      return { items = {
        { link_id = "test-condition", text = "When was the qualifying test taken?", type = "choice", required = true,
          options = {
            { code = "rest", display = "At rest, awake" },
            { code = "exercise", display = "During exercise" },
            { code = "sleep", display = "During sleep" },
          } },
        { link_id = "test-type", text = "Which measurement?", type = "choice", required = true,
          options = {
            { code = "spo2", display = "Oxygen saturation (SpO2/SaO2, %)" },
            { code = "pao2", display = "Arterial PaO2 (mm Hg)" },
          } },
        { link_id = "test-result", text = "Result, on room air", type = "decimal", required = true },
        { link_id = "test-date", text = "Date of the test", type = "date", required = true },
        { link_id = "room-air", text = "Was the test taken on room air?", type = "boolean", required = true },
      } }
    end
    if a["test-condition"] == "exercise" and a["improves-with-oxygen"] == nil then
      items[#items + 1] = { link_id = "improves-with-oxygen", type = "boolean", required = true,
        text = "Was the exercise hypoxemia shown to improve with oxygen, in the same testing session?" }
    end
    if a["test-condition"] == "sleep" and a["sleep-minutes-at-or-below"] == nil then
      items[#items + 1] = { link_id = "sleep-minutes-at-or-below", type = "integer", required = true,
        text = "Cumulative minutes at or below the qualifying value during sleep" }
    end
    if classify(a) == "group-2" and a["group-2-conditions"] == nil then
      items[#items + 1] = { link_id = "group-2-conditions", type = "choice", required = true, repeats = true,
        text = "Does the patient have any of these? Select all that apply.", options = GROUP_II_CONDITIONS }
    end
    if is_portable(req) and a["mobile-in-home"] == nil then
      items[#items + 1] = { link_id = "mobile-in-home", type = "boolean", required = true,
        text = "Is the patient mobile within the home?" }
    end
    if #items > 0 then return { items = items } end
    return { complete = true }
  end,

  adjudicate = function(req)
    local a = req.answers or {}
    local group = classify(a)
    if group == nil or a["test-date"] == nil then
      return { action = "pend", review = { "No qualifying blood gas study (type, result and date) is documented." },
        note = "Pended for review: the oxygen saturation or PaO2 study is missing." }
    end
    if gl.date.parse(a["test-date"]) == nil then
      return { action = "pend", review = { "The test date \"" .. tostring(a["test-date"]) .. "\" is not a date." },
        note = "Pended for review: the qualifying study has no valid date." }
    end
    local age = gl.date.days_between(a["test-date"], req.today)
    if age < 0 or age > MAX_TEST_AGE_DAYS then
      return { action = "pend",
        review = { string.format("The blood gas study is dated %s, %d days before the request; it must be within %d days.", a["test-date"], age, MAX_TEST_AGE_DAYS) },
        note = "Pended for review: the qualifying study is too old." }
    end
    if a["room-air"] ~= nil and not gl.truthy(a["room-air"]) then
      return { action = "pend", review = { "The study was not taken on room air." },
        note = "Pended for review: the qualifying study must be on room air." }
    end
    local problems = {}
    if group == "not-qualifying" then
      problems[#problems + 1] = describe(a) .. " does not meet NCD 240.2 (SpO2 ≤ 89% or PaO2 ≤ 59 mm Hg)."
    end
    if a["test-condition"] == "exercise" and not gl.truthy(a["improves-with-oxygen"]) then
      problems[#problems + 1] = "Exercise testing does not show improvement of the hypoxemia with oxygen."
    end
    if a["test-condition"] == "sleep" and (gl.number(a["sleep-minutes-at-or-below"]) or 0) < 5 then
      problems[#problems + 1] = "Sleep testing shows fewer than 5 minutes at or below the qualifying value."
    end
    if group == "group-2" and #group_two_conditions(a) == 0 then
      problems[#problems + 1] = describe(a) .. " is Group II: it needs dependent edema, pulmonary hypertension/cor pulmonale or a hematocrit above 56%."
    end
    if is_portable(req) and not gl.truthy(a["mobile-in-home"]) then
      problems[#problems + 1] = "A portable system needs the patient to be mobile within the home."
    end
    if #problems > 0 then
      return { action = "pend", review = problems, note = "Pended for clinical review: " .. problems[1] }
    end
    local start = req.today
    local months = group == "group-1" and 12 or 3
    local period = { start = start, ["end"] = gl.date.add_days(gl.date.add_months(start, months), -1) }
    local quantity = req.item and req.item.quantity or nil
    if group == "group-1" then
      return { action = "approve", quantity = quantity, period = period,
        note = "Approved for 12 months: " .. describe(a) .. " meets Group I criteria." }
    end
    return { action = "approve", quantity = quantity, period = period,
      note = "Approved for 3 months: " .. describe(a) .. " meets Group II criteria; a retest between day 61 and day 90 is needed to continue." }
  end,
}
