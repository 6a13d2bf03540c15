-- Outpatient physical therapy (CPT 97110 therapeutic exercise, 97112 neuromuscular
-- re-education, 97140 manual therapy, 97530 therapeutic activities), counted in visits.
--
-- Each plan has a calendar-year allowance (Rules/data/therapy-allowances.json): the first
-- `visits_without_auth` visits need no prior authorization; visits beyond them do, with a plan of
-- care that has measurable functional goals and, for continued care, objective progress (as in
-- Medicare Benefit Policy Manual ch. 15 §220). Plans with an `annual_limit` cover no more than
-- that many visits a year: a request past it is cut down to the visits left (X12 reason 0L,
-- exceeds plan maximums), and a request once the limit is used up is denied administratively.
--
-- Visits used this year are the visits of the member's PT prior-authorization records of this
-- calendar year (certified, partially approved, modified or no-action-required).

local CPT = "http://www.ama-assn.org/go/cpt"
local CODES = { "97110", "97112", "97140", "97530" }
local QUESTIONNAIRE = "http://greenlight.example/fhir/Questionnaire/outpatient-physical-therapy"
local COUNTED = { "certified", "approved", "partially-approved", "modified", "no-action-required" }
local BENEFIT_LIMIT = "0L" -- X12 886: Exceeds plan maximums

local function allowance(req)
  local data = gl.data("therapy-allowances")
  local cov = req.coverage or {}
  local plans, lobs = data.plans or {}, data.lines_of_business or {}
  return (cov.plan_id and plans[cov.plan_id]) or (cov.line_of_business and lobs[cov.line_of_business])
      or data.default or { visits_without_auth = 20 }
end

local function visits_used(req)
  local _, visits = gl.count_prior(req, CPT, CODES, gl.date.year_start(req.today), COUNTED)
  return math.tointeger(math.ceil(visits)) -- visits are whole; a fractional record counts up
end

local function visits(q)
  if q == nil then return 1 end
  local n = gl.number(q.value) or 1
  return math.tointeger(math.floor(n)) or 1
end

local function plural(n) return n == 1 and "visit" or "visits" end

return policy {
  id = "outpatient-physical-therapy",
  title = "Outpatient physical therapy",
  link = "https://unitedcare.example/policies/therapy/outpatient-physical-therapy",
  services = {
    { system = CPT, codes = CODES },
  },
  questionnaire = QUESTIONNAIRE,

  coverage = function(req)
    local rule = allowance(req)
    local used = visits_used(req)
    local asked = visits(req.order and req.order.quantity)
    local year_end = gl.date.year_end(req.today)
    local free = math.max(0, (rule.visits_without_auth or 0) - used)

    if rule.annual_limit and used >= rule.annual_limit then
      return {
        covered = "not-covered",
        pa_needed = "no-auth",
        reasons = { { code = "benefit-limit", text = string.format(
          "The member has used all %d physical therapy visits the plan covers this calendar year.", rule.annual_limit) } },
        note = string.format("Benefit maximum reached: %d of %d visits used in %s.", used, rule.annual_limit, year_end:sub(1, 4)),
      }
    end
    if used + asked <= (rule.visits_without_auth or 0) then
      return {
        covered = "covered",
        pa_needed = "no-auth",
        doc_needed = "no-doc",
        limits = { quantity = { value = free, unit = "visit" }, period = { start = req.today, ["end"] = year_end } },
        note = string.format("No prior authorization needed: %d of the %d visits allowed without authorization this year remain.", free, rule.visits_without_auth),
      }
    end
    local result = {
      covered = "covered",
      pa_needed = "auth-needed",
      doc_needed = "clinical",
      doc_purpose = { "withpa" },
      questionnaires = { QUESTIONNAIRE },
      note = string.format("Prior authorization needed: %d %s used this year and %d asked for; the first %d need none. Send the plan of care with functional goals.",
        used, plural(used), asked, rule.visits_without_auth),
    }
    if rule.annual_limit then
      local left = rule.annual_limit - used
      result.limits = { quantity = { value = left, unit = "visit" }, period = { start = req.today, ["end"] = year_end } }
      if asked > left then
        result.reasons = { { code = "benefit-limit", text = string.format(
          "The plan covers %d visits a year; %d remain.", rule.annual_limit, left) } }
      end
    end
    return result
  end,

  adjudicate = function(req)
    local rule = allowance(req)
    local used = visits_used(req)
    local item = req.item or {}
    local asked = visits(item.quantity)
    local unit = item.quantity and item.quantity.unit or "visit"
    local year_end = gl.date.year_end(req.today)
    local start = gl.start_date(req)
    local stop = year_end
    if item.period and item.period["end"] and gl.date.before(item.period["end"], year_end) then stop = item.period["end"] end
    local period = { start = start, ["end"] = stop }

    if rule.annual_limit and used >= rule.annual_limit then
      return { action = "deny", administrative = true, reasons = { BENEFIT_LIMIT },
        note = string.format("Administrative denial: the plan covers %d physical therapy visits per calendar year and all %d have been used.", rule.annual_limit, rule.annual_limit) }
    end

    if used + asked > (rule.visits_without_auth or 0) then
      local missing = {}
      if not gl.truthy(gl.answer(req, "plan-of-care-signed")) then missing[#missing + 1] = "a signed plan of care" end
      if not gl.truthy(gl.answer(req, "functional-goals")) then missing[#missing + 1] = "measurable functional goals" end
      if used > 0 and not gl.truthy(gl.answer(req, "objective-progress")) then
        missing[#missing + 1] = "objective progress toward the goals"
      end
      if #missing > 0 then
        return { action = "pend", review = { "Not documented: " .. table.concat(missing, ", ") .. "." },
          note = "Pended for review: the request does not document " .. table.concat(missing, ", ") .. "." }
      end
    end

    if rule.annual_limit and used + asked > rule.annual_limit then
      local left = rule.annual_limit - used
      return { action = "modify", quantity = { value = left, unit = unit }, period = period,
        reasons = { BENEFIT_LIMIT },
        note = string.format("Approved %d of the %d visits asked for: the plan covers %d physical therapy visits per calendar year and %d have been used.",
          left, asked, rule.annual_limit, used) }
    end
    return { action = "approve", quantity = { value = asked, unit = unit }, period = period,
      note = string.format("Approved %d %s through %s.", asked, plural(asked), stop) }
  end,
}
