-- MRI of the lumbar spine (CPT 72148 without contrast, 72149 with contrast, 72158 without
-- and with contrast).
--
-- Criteria (after the ACR Appropriateness Criteria "Low Back Pain" and the common payer
-- advanced-imaging policies): imaging of uncomplicated low back pain or radiculopathy is
-- appropriate after at least 6 weeks of conservative therapy (physical therapy or a home
-- exercise program, analgesics/NSAIDs, activity modification, chiropractic care) that failed.
-- Red flags bypass the wait: cauda equina syndrome, a progressive or severe neurologic deficit,
-- suspected or known cancer, suspected infection, suspected fracture. A repeat study within
-- 12 months needs new or worsening findings.
--
-- Prior authorization is required unless the ordering provider is gold-carded for this
-- service (Rules/data/gold-card.json). An approval covers one study, valid for 60 days.

local CPT = "http://www.ama-assn.org/go/cpt"
local CODES = { "72148", "72149", "72158" }
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"
local MIN_WEEKS = 6
local VALID_DAYS = 60

local RED_FLAGS = {
  { code = "cauda-equina", display = "Cauda equina syndrome (saddle anesthesia, new bladder or bowel dysfunction)" },
  { code = "progressive-neuro-deficit", display = "Progressive or severe motor weakness or other neurologic deficit" },
  { code = "suspected-malignancy", display = "Known or suspected cancer (history of cancer, unexplained weight loss)" },
  { code = "suspected-infection", display = "Suspected spinal infection (fever, IV drug use, immunosuppression)" },
  { code = "suspected-fracture", display = "Suspected fracture (significant trauma, osteoporosis, long-term steroids)" },
  { code = "none", display = "None of these" },
}
local RED_FLAG_TEXT = {}
for _, f in ipairs(RED_FLAGS) do RED_FLAG_TEXT[f.code] = f.display end

local THERAPIES = {
  { code = "physical-therapy", display = "Physical therapy or a supervised home exercise program" },
  { code = "nsaids", display = "NSAIDs or other analgesics" },
  { code = "activity-modification", display = "Activity modification" },
  { code = "chiropractic", display = "Chiropractic or osteopathic manipulation" },
  { code = "epidural-injection", display = "Epidural steroid injection" },
}

-- Red flags named in the answers (anything but "none").
local function answered_red_flags(req)
  local flags = {}
  for _, f in ipairs(gl.list(gl.answer(req, "red-flags"))) do
    if f ~= "none" and RED_FLAG_TEXT[f] then flags[#flags + 1] = f end
  end
  return flags
end

-- A red-flag diagnosis on the order, e.g. G83.4 cauda equina syndrome.
local function red_flag_diagnosis(req)
  local order = req.order or {}
  local found, coding = gl.valueset("lumbar-red-flags"):contains_any(order.reason_codes)
  if found then return coding end
  return nil
end

-- The most recent lumbar MRI authorized for this member in the last 12 months, if any.
local function recent_study(req)
  local since = gl.date.add_months(req.today, -12)
  local n = gl.count_prior(req, CPT, CODES, since)
  return n > 0
end

-- Contrast adds nothing for uncomplicated low back pain (ACR: MRI without contrast is the usual
-- first study); it is for suspected infection, cancer or a post-operative spine, which the
-- red-flag diagnoses stand for. An order with contrast and no red flag is offered 72148.
local WITHOUT_CONTRAST = { system = CPT, code = "72148", display = "MRI lumbar spine without contrast" }
local WITH_CONTRAST = { ["72149"] = true, ["72158"] = true }

local function contrast_alternatives(req)
  local service = req.service or {}
  if not WITH_CONTRAST[service.code] or red_flag_diagnosis(req) then return nil end
  return { {
    system = WITHOUT_CONTRAST.system, code = WITHOUT_CONTRAST.code, display = WITHOUT_CONTRAST.display,
    reason = "Without a red-flag diagnosis (suspected infection, cancer, fracture or cauda equina), MRI without contrast is the appropriate first study for low back pain.",
  } }
end

local function one_study(req)
  return { value = 1, unit = "study" }, gl.days_from_start(req, VALID_DAYS)
end

return policy {
  id = "lumbar-spine-mri",
  title = "MRI of the lumbar spine",
  link = "https://unitedcare.example/policies/imaging/lumbar-spine-mri",
  services = {
    { system = CPT, codes = CODES },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local alternatives = contrast_alternatives(req)
    local card = gl.requester_gold_card(req)
    if card then
      return {
        covered = "covered",
        pa_needed = "no-auth",
        doc_needed = "no-doc",
        reasons = { { code = "gold-card", text = string.format(
          "%s is gold-carded for lumbar spine MRI through %s; no prior authorization is needed.",
          card.name or ("NPI " .. tostring(card.npi)), card.expires) } },
        alternatives = alternatives,
      }
    end
    local notes = {}
    local flag = red_flag_diagnosis(req)
    if flag then
      notes[#notes + 1] = string.format("The order's diagnosis %s is a red flag: the six-week conservative therapy requirement does not apply; answer the form for a same-day decision.", flag.code)
    else
      notes[#notes + 1] = "Lumbar MRI needs prior authorization: document at least 6 weeks of failed conservative therapy, or a red flag (cauda equina, progressive neurologic deficit, suspected cancer, infection or fracture)."
    end
    if recent_study(req) then
      notes[#notes + 1] = "A lumbar MRI was authorized for this member in the last 12 months; a repeat study needs new or worsening findings."
    end
    return {
      covered = "conditional",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
      note = table.concat(notes, " "),
      alternatives = alternatives,
    }
  end,

  next_question = function(req)
    local answers = req.answers or {}
    if answers["red-flags"] == nil then
      return { items = { {
        link_id = "red-flags",
        text = "Does the patient have any of these red flags? Select all that apply.",
        type = "choice",
        repeats = true,
        required = true,
        options = RED_FLAGS,
      } } }
    end
    if #answered_red_flags(req) > 0 then
      return { complete = true }
    end
    if answers["conservative-therapy-weeks"] == nil then
      return { items = { {
        link_id = "conservative-therapy-weeks",
        text = "How many weeks of conservative therapy has the patient completed for this episode of low back pain?",
        type = "integer",
        required = true,
      } } }
    end
    local weeks = gl.number(answers["conservative-therapy-weeks"]) or 0
    if weeks >= MIN_WEEKS and answers["conservative-therapy-types"] == nil then
      return { items = {
        {
          link_id = "conservative-therapy-types",
          text = "Which conservative therapies were tried and failed? Select all that apply.",
          type = "choice",
          repeats = true,
          required = true,
          options = THERAPIES,
        },
        {
          link_id = "new-or-worsening-symptoms",
          text = "Are the symptoms new or worse since any earlier lumbar imaging?",
          type = "boolean",
        },
      } }
    end
    return { complete = true }
  end,

  adjudicate = function(req)
    local quantity, period = one_study(req)
    local asked = math.tointeger(math.floor(req.item and req.item.quantity and gl.number(req.item.quantity.value) or 1)) or 1

    local function grant(note)
      if asked > 1 then
        return {
          action = "modify", quantity = quantity, period = period, reasons = { "10" },
          note = string.format("Approved 1 of the %d studies asked for: one lumbar MRI per authorization. %s", asked, note),
        }
      end
      return { action = "approve", quantity = quantity, period = period, note = note }
    end

    local card = gl.requester_gold_card(req)
    if card then
      return grant(string.format("%s is gold-carded for lumbar spine MRI through %s.", card.name, card.expires))
    end

    local flags = answered_red_flags(req)
    local flag_dx = red_flag_diagnosis(req)
    if #flags > 0 or flag_dx then
      local what = #flags > 0 and RED_FLAG_TEXT[flags[1]] or ("diagnosis " .. flag_dx.code)
      return grant("Approved for a red flag (" .. what .. "): conservative therapy is not required. Valid for 60 days.")
    end

    local weeks = gl.number(gl.answer(req, "conservative-therapy-weeks"))
    if weeks == nil then
      return { action = "pend",
        review = { "Duration of conservative therapy is not documented, and no red flag is reported." },
        note = "Pended for review: the request does not document conservative therapy or a red flag." }
    end
    if weeks < MIN_WEEKS then
      return { action = "pend",
        review = { string.format("Conservative therapy is %s weeks; policy needs %d unless red flags.", tostring(weeks), MIN_WEEKS) },
        note = string.format("Pended for clinical review: %s weeks of conservative therapy documented, policy requires %d.", tostring(weeks), MIN_WEEKS) }
    end
    if recent_study(req) and not gl.truthy(gl.answer(req, "new-or-worsening-symptoms")) then
      return { action = "pend",
        review = { "A lumbar MRI was authorized in the last 12 months and no new or worsening symptoms are reported." },
        note = "Pended for clinical review: repeat lumbar MRI within 12 months." }
    end
    return grant(string.format("Approved: %s weeks of failed conservative therapy documented. Valid for 60 days.", tostring(weeks)))
  end,
}
