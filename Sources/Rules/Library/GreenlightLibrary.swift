// The Lua source of the `gl` helper library that every policy in Rules/policies can use.
//
// The rule engine runs this in each sandboxed Lua state after setting `_VALUESETS` and `_DATA`
// and before loading the policies. It is pure Lua 5.4 and defines one global, `gl`; the
// contract is the table in Rules/README.md ("The helper library `gl`").

/// The policy helper library (`gl`), as Lua source.
enum GreenlightLibrary {
    /// Lua 5.4 source defining the global table `gl`.
    static let source: String = #"""
-- Greenlight policy library: the `gl` table described in Rules/README.md.
-- Pure Lua 5.4. Reads the host-provided globals _VALUESETS and _DATA; defines only `gl`.
gl = {}

local type, tostring, tonumber, pairs, ipairs, error, select, setmetatable =
  type, tostring, tonumber, pairs, ipairs, error, select, setmetatable
local floor = math.floor
local sfmt, smatch, sgsub, supper, slower = string.format, string.match, string.gsub, string.upper, string.lower

gl.version = "1.0.0"

local function fail(fn, msg, level)
  error("gl." .. fn .. ": " .. msg, (level or 2) + 1)
end

------------------------------------------------------------------------------
-- Code systems: the two HCPCS spellings are one system; ICD-10-CM codes compare
-- without their dot and in upper case ("m51.16" == "M5116").
------------------------------------------------------------------------------
local HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
local ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
local system_alias = {
  ["http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"] = HCPCS,
  ["https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"] = HCPCS,
  ["urn:oid:2.16.840.1.113883.6.285"] = HCPCS,
  ["urn:oid:2.16.840.1.113883.6.90"] = ICD10CM,
  ["http://www.ama-assn.org/go/cpt/"] = "http://www.ama-assn.org/go/cpt",
  ["urn:oid:2.16.840.1.113883.6.12"] = "http://www.ama-assn.org/go/cpt",
}

local function norm_system(s)
  if type(s) ~= "string" then return nil end
  s = sgsub(s, "^%s+", ""); s = sgsub(s, "%s+$", "")
  return system_alias[s] or s
end

local function norm_code(system, code)
  if type(code) == "number" then code = tostring(code) end
  if type(code) ~= "string" then return nil end
  code = sgsub(code, "^%s+", ""); code = sgsub(code, "%s+$", "")
  if system == ICD10CM or system == HCPCS then
    code = supper(sgsub(code, "%.", ""))
  end
  return code
end

local function compute_key(system, code)
  local s = norm_system(system)
  local c = norm_code(s, code)
  if s == nil or c == nil then return nil end
  return s .. "|" .. c
end

-- Policies look up the same few systems and codes on every call, and normalizing them takes
-- several pattern substitutions, so normalized keys (and parsed dates, below) are remembered
-- for the life of the Lua state. A memo is emptied when it reaches MEMO_LIMIT entries, so
-- callers sending endless distinct codes cannot grow it past the memory cap.
local MEMO_LIMIT = 4096
local function memo()
  return { entries = {}, size = 0 }
end
local function memo_put(m, k, v)
  if m.size >= MEMO_LIMIT then m.entries = {}; m.size = 0 end
  m.entries[k] = v
  m.size = m.size + 1
end

local keys_by_system = memo()
-- "system|code" with both normalized, or nil when either is missing or not a string.
local function key(system, code)
  local by_code = keys_by_system.entries[system]
  if by_code then
    local k = by_code[code]
    if k ~= nil then return k or nil end
  end
  local k = compute_key(system, code)
  local tc = type(code)
  if type(system) == "string" and #system <= 256
      and ((tc == "string" and #code <= 64) or (tc == "number" and code == code)) then
    if keys_by_system.size >= MEMO_LIMIT then
      keys_by_system.entries, keys_by_system.size, by_code = {}, 0, nil
    end
    if not by_code then
      by_code = {}
      keys_by_system.entries[system] = by_code
    end
    by_code[code] = k or false
    keys_by_system.size = keys_by_system.size + 1
  end
  return k
end

-- A code argument may be one code or a list of codes.
local function code_list(fn, codes)
  if type(codes) == "string" or type(codes) == "number" then return { tostring(codes) } end
  if type(codes) == "table" then return codes end
  if codes == nil then return {} end
  fail(fn, "codes must be a string or a list of strings, got " .. type(codes), 3)
end

------------------------------------------------------------------------------
-- gl.date: civil dates as proleptic Gregorian day numbers (no time zones, no os.time).
------------------------------------------------------------------------------
local date = {}
gl.date = date

local function is_leap(y) return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0 end
local mdays = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in_month(y, m)
  if m == 2 and is_leap(y) then return 29 end
  return mdays[m]
end

-- Days since 1970-01-01 (H. Hinnant's days_from_civil).
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

local formatted = memo()
local function format(y, m, d)
  local n = (y * 100 + m) * 100 + d
  local iso = formatted.entries[n]
  if iso == nil then
    iso = sfmt("%04d-%02d-%02d", y, m, d)
    memo_put(formatted, n, iso)
  end
  return iso
end

--- gl.date.parse(s): a FHIR date or dateTime ("2026", "2026-11", "2026-11-23",
--- "2026-11-23T10:00:00Z") as { year, month, day, precision = "year"|"month"|"day",
--- day_number, iso }. Missing month/day count as 1 for arithmetic. The time part and
--- any zone are ignored (civil date). nil → nil; a string that is not a date → nil, message.
local function parse_string(s)
  local y, m, d, precision
  local ys, ms, ds = smatch(s, "^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if ys then
    local rest = s:sub(11)
    if rest ~= "" and not smatch(rest, "^T%d%d:%d%d") then return nil, "not a date: " .. s end
    precision = "day"
  else
    ys, ms = smatch(s, "^(%d%d%d%d)%-(%d%d)$")
    if ys then precision = "month" else
      ys = smatch(s, "^(%d%d%d%d)$")
      if not ys then return nil, "not a date: " .. s end
      precision = "year"
    end
  end
  y, m, d = tonumber(ys), tonumber(ms or "1"), tonumber(ds or "1")
  if m < 1 or m > 12 then return nil, "month out of range: " .. s end
  if d < 1 or d > days_in_month(y, m) then return nil, "day out of range: " .. s end
  return { year = y, month = m, day = d, precision = precision,
           day_number = days_from_civil(y, m, d), iso = format(y, m, d) }
end

-- The library's own parse: shares one table per date string (the library never changes it).
local parsed = memo()
local function parse(s)
  if s == nil then return nil end
  if type(s) == "table" and s.year and s.month and s.day then return s end
  if type(s) ~= "string" then return nil, "not a date: " .. type(s) end
  local t = parsed.entries[s]
  if t then return t end
  local err
  t, err = parse_string(s)
  if t then memo_put(parsed, s, t) end
  return t, err
end

function date.parse(s)
  local t, err = parse(s)
  if t == nil or t == s then return t, err end
  -- A copy: the policy may change its table without touching the shared one.
  return { year = t.year, month = t.month, day = t.day, precision = t.precision,
           day_number = t.day_number, iso = t.iso }
end

-- A date argument: nil stays nil (the caller decides), a bad one is a misuse.
local function need(fn, s, what)
  if s == nil then return nil end
  local t, err = parse(s)
  if not t then fail(fn, (what or "date") .. " " .. (err or "invalid"), 3) end
  return t
end

--- gl.date.add_days(s, n) → "YYYY-MM-DD" (nil when s is nil).
function date.add_days(s, n)
  local t = need("date.add_days", s)
  if t == nil then return nil end
  if type(n) ~= "number" or n ~= floor(n) then fail("date.add_days", "n must be a whole number, got " .. tostring(n)) end
  return format(civil_from_days(t.day_number + n))
end

--- gl.date.add_months(s, n) → "YYYY-MM-DD"; the day is clamped to the month's end
--- (2026-01-31 + 1 month = 2026-02-28).
function date.add_months(s, n)
  local t = need("date.add_months", s)
  if t == nil then return nil end
  if type(n) ~= "number" or n ~= floor(n) then fail("date.add_months", "n must be a whole number, got " .. tostring(n)) end
  local total = t.year * 12 + (t.month - 1) + n
  local y = floor(total / 12)
  local m = total - y * 12 + 1
  local d = t.day
  local dim = days_in_month(y, m)
  if d > dim then d = dim end
  return format(y, m, d)
end

--- gl.date.days_between(a, b) → days from a to b (b - a; negative when b is earlier).
--- nil when either is nil.
function date.days_between(a, b)
  local ta, tb = need("date.days_between", a, "first date"), need("date.days_between", b, "second date")
  if ta == nil or tb == nil then return nil end
  return tb.day_number - ta.day_number
end

--- gl.date.before(a, b) → true when a is strictly earlier than b; nil when either is nil.
function date.before(a, b)
  local ta, tb = need("date.before", a, "first date"), need("date.before", b, "second date")
  if ta == nil or tb == nil then return nil end
  return ta.day_number < tb.day_number
end

--- gl.date.year_start(s) → "YYYY-01-01" of s's calendar year; gl.date.year_end(s) → "YYYY-12-31".
function date.year_start(s)
  local t = need("date.year_start", s)
  if t == nil then return nil end
  return format(t.year, 1, 1)
end
function date.year_end(s)
  local t = need("date.year_end", s)
  if t == nil then return nil end
  return format(t.year, 12, 31)
end

--- gl.age(birth_date, on) → whole years on `on` (nil when either is nil). A year is complete
--- once the birth month and day are reached (a 29 February birthday completes on 1 March in
--- common years). A partial birth date ("1956") counts from its first day.
function gl.age(birth_date, on)
  local b, o = need("age", birth_date, "birth date"), need("age", on, "date")
  if b == nil or o == nil then return nil end
  local years = o.year - b.year
  if o.month < b.month or (o.month == b.month and o.day < b.day) then years = years - 1 end
  return years
end

------------------------------------------------------------------------------
-- gl.has_code
------------------------------------------------------------------------------

--- gl.has_code(codings, system, code) → true when a coding in the list has this system and
--- code (code may be a list: any of them). nil codings → false.
function gl.has_code(codings, system, code)
  if codings == nil then return false end
  if type(codings) ~= "table" then fail("has_code", "codings must be a list of {system, code}, got " .. type(codings)) end
  if type(system) ~= "string" then fail("has_code", "system must be a string, got " .. type(system)) end
  local wanted = {}
  for _, c in ipairs(code_list("has_code", code)) do
    local k = key(system, c)
    if k then wanted[k] = true end
  end
  if codings.system ~= nil or codings.code ~= nil then codings = { codings } end
  for _, c in ipairs(codings) do
    if type(c) == "table" then
      local k = key(c.system, c.code)
      if k and wanted[k] then return true end
    end
  end
  return false
end

------------------------------------------------------------------------------
-- gl.valueset: indexed once per set, cached for the life of the Lua state.
------------------------------------------------------------------------------
local ValueSet = {}
ValueSet.__index = ValueSet
local valueset_cache = {}

local function build_valueset(name, raw)
  local index, codes = {}, {}
  local list = raw.codes
  if list == nil and raw.compose then list = {} end -- tolerate an empty set
  if type(list) ~= "table" then fail("valueset", "value set '" .. name .. "' has no codes list", 4) end
  for i, c in ipairs(list) do
    if type(c) ~= "table" or type(c.system) ~= "string" or (type(c.code) ~= "string" and type(c.code) ~= "number") then
      fail("valueset", "value set '" .. name .. "' entry " .. i .. " needs a system and a code", 4)
    end
    local k = key(c.system, c.code)
    index[k] = c
    codes[#codes + 1] = c
  end
  return setmetatable({ name = raw.name or name, title = raw.title, codes = codes, _index = index }, ValueSet)
end

--- gl.valueset(name) → the set in Rules/valuesets/<name>.json, with :contains(system, code),
--- :contains_any(codings) and :size(). An unknown name is an error.
function gl.valueset(name)
  if type(name) ~= "string" then fail("valueset", "name must be a string, got " .. type(name)) end
  local vs = valueset_cache[name]
  if vs then return vs end
  local sets = _VALUESETS
  local raw = type(sets) == "table" and sets[name] or nil
  if raw == nil then fail("valueset", "no value set named '" .. name .. "' (Rules/valuesets/" .. name .. ".json)") end
  if type(raw) ~= "table" then fail("valueset", "value set '" .. name .. "' is not a JSON object") end
  vs = build_valueset(name, raw)
  valueset_cache[name] = vs
  return vs
end

--- set:contains(system, code) → true, the set's entry when the code is in the set; else false.
function ValueSet:contains(system, code)
  if getmetatable(self) ~= ValueSet then fail("valueset", "call contains with a colon: set:contains(system, code)") end
  local k = key(system, code)
  if k == nil then return false end
  local entry = self._index[k]
  if entry then return true, entry end
  return false
end

--- set:contains_any(codings) → true, the first matching coding; false when none (or nil).
function ValueSet:contains_any(codings)
  if getmetatable(self) ~= ValueSet then fail("valueset", "call contains_any with a colon: set:contains_any(codings)") end
  if codings == nil then return false end
  if type(codings) ~= "table" then fail("valueset", "contains_any needs a list of {system, code}, got " .. type(codings)) end
  if codings.system ~= nil or codings.code ~= nil then codings = { codings } end
  for _, c in ipairs(codings) do
    if type(c) == "table" then
      local k = key(c.system, c.code)
      if k and self._index[k] then return true, c end
    end
  end
  return false
end

--- set:size() → the number of codes.
function ValueSet:size() return #self.codes end

------------------------------------------------------------------------------
-- gl.data
------------------------------------------------------------------------------

--- gl.data(name) → the table in Rules/data/<name>.json. An unknown name is an error.
function gl.data(name)
  if type(name) ~= "string" then fail("data", "name must be a string, got " .. type(name)) end
  local d = type(_DATA) == "table" and _DATA[name] or nil
  if d == nil then fail("data", "no data table named '" .. name .. "' (Rules/data/" .. name .. ".json)") end
  return d
end

------------------------------------------------------------------------------
-- gl.quantity: { value = n, unit = "..." } or a bare number (unitless).
------------------------------------------------------------------------------
local quantity = {}
gl.quantity = quantity

local function as_quantity(fn, q, what)
  if q == nil then return nil end
  if type(q) == "number" then return { value = q } end
  if type(q) ~= "table" then fail(fn, what .. " must be a quantity {value, unit} or a number, got " .. type(q), 3) end
  local v = q.value
  if type(v) == "string" then v = tonumber(v) end
  if type(v) ~= "number" then fail(fn, what .. " has no numeric value", 3) end
  return { value = v, unit = q.unit, system = q.system, code = q.code }
end

local function unit_of(q)
  local u = q.code or q.unit
  if type(u) ~= "string" or u == "" then return nil end
  u = slower(u)
  -- "visit" and "visits", "{visit}" are one unit
  u = sgsub(u, "^{(.*)}$", "%1")
  u = sgsub(u, "s$", "")
  return u
end

local function same_unit(fn, a, b)
  local ua, ub = unit_of(a), unit_of(b)
  if ua and ub and ua ~= ub then
    fail(fn, "units differ: '" .. tostring(a.code or a.unit) .. "' and '" .. tostring(b.code or b.unit) .. "'", 3)
  end
end

--- gl.quantity.at_most(q, limit) → true when q ≤ limit (same unit; a unitless side takes the
--- other's). No limit → true; no quantity → false (an unknown amount is not shown to be within).
function quantity.at_most(q, limit)
  local a, l = as_quantity("quantity.at_most", q, "q"), as_quantity("quantity.at_most", limit, "limit")
  if l == nil then return true end
  if a == nil then return false end
  same_unit("quantity.at_most", a, l)
  return a.value <= l.value
end

--- gl.quantity.min(a, b) → the smaller of two quantities in the same unit (a nil side gives
--- the other). The result keeps the unit of whichever side has one.
function quantity.min(a, b)
  local qa, qb = as_quantity("quantity.min", a, "a"), as_quantity("quantity.min", b, "b")
  if qa == nil then return qb end
  if qb == nil then return qa end
  same_unit("quantity.min", qa, qb)
  local r = qa.value <= qb.value and qa or qb
  local other = r == qa and qb or qa
  return { value = r.value, unit = r.unit or other.unit, system = r.system or other.system, code = r.code or other.code }
end

------------------------------------------------------------------------------
-- gl.answer
------------------------------------------------------------------------------

--- gl.answer(req, link_id) → the answer to this linkId, or nil.
function gl.answer(req, link_id)
  if type(link_id) ~= "string" then fail("answer", "link_id must be a string, got " .. type(link_id)) end
  if type(req) ~= "table" then return nil end
  local answers = req.answers
  if type(answers) ~= "table" then return nil end
  return answers[link_id]
end

------------------------------------------------------------------------------
-- gl.gold_card: Rules/data/gold-card.json
-- { "entries": [ { "npi": "1200000010", "name": "Dr. Aisha Okafor",
--     "services": [ { "system": "...", "codes": ["70551", ...] } ],
--     "plans": ["H1234-001"] (optional), "start": "2026-01-01", "expires": "2027-06-30" } ] }
------------------------------------------------------------------------------

-- The gold-card list indexed by NPI, built once per data table: each entry with its service
-- keys, its first and last day as day numbers (false when missing or not a date, which makes
-- the entry never current) and its plans as a set.
local gold_index_source, gold_index = nil, nil
local function gold_card_index(card)
  if card == gold_index_source then return gold_index end
  local by_npi = {}
  local entries = card.entries or card
  if type(entries) == "table" then
    for _, e in ipairs(entries) do
      if type(e) == "table" and e.npi ~= nil then
        local services = {}
        if type(e.services) == "table" then
          for _, sv in ipairs(e.services) do
            if type(sv) == "table" then
              if sv.code ~= nil then
                local k = compute_key(sv.system, sv.code)
                if k then services[k] = true end
              end
              if type(sv.codes) == "table" then
                for _, c in ipairs(sv.codes) do
                  local k = compute_key(sv.system, c)
                  if k then services[k] = true end
                end
              end
            end
          end
        end
        local first = true
        if e.start ~= nil then
          local t = parse(e.start)
          first = t and t.day_number or false
        end
        local x = e.expires or e["end"]
        local xt = x ~= nil and parse(x) or nil
        local plans = nil
        if type(e.plans) == "table" then
          plans = {}
          for _, p in ipairs(e.plans) do plans[p] = true end
        end
        local npi = tostring(e.npi)
        local list = by_npi[npi]
        if not list then list = {}; by_npi[npi] = list end
        list[#list + 1] = { entry = e, services = services, first = first,
                            last = xt and xt.day_number or false, plans = plans }
      end
    end
  end
  gold_index_source, gold_index = card, by_npi
  return by_npi
end

--- gl.gold_card(npi, service, today [, plan_id]) → the gold-card entry for this provider and
--- service ({system, code}) when current on `today` (start ≤ today ≤ expires), else nil.
--- An entry with `plans` applies only to those plans (when plan_id is given).
function gl.gold_card(npi, service, today, plan_id)
  if npi == nil or service == nil or today == nil then return nil end
  if type(npi) ~= "string" and type(npi) ~= "number" then fail("gold_card", "npi must be a string, got " .. type(npi)) end
  if type(service) ~= "table" then fail("gold_card", "service must be a {system, code} table, got " .. type(service)) end
  local t = need("gold_card", today, "today")
  local card = type(_DATA) == "table" and _DATA["gold-card"] or nil
  if type(card) ~= "table" then return nil end
  local candidates = gold_card_index(card)[tostring(npi)]
  if candidates == nil then return nil end
  local want = key(service.system, service.code)
  if want == nil then return nil end
  local day = t.day_number
  for _, c in ipairs(candidates) do
    if c.services[want] and c.first and (c.first == true or c.first <= day) and c.last and day <= c.last
        and (plan_id == nil or c.plans == nil or c.plans[plan_id]) then
      return c.entry
    end
  end
  return nil
end

--- gl.requester_gold_card(req) → the ordering provider's current gold card for req.service on
--- the member's plan, or nil (no requester, no NPI, no current card).
function gl.requester_gold_card(req)
  local who = req.requester
  if who == nil or who.npi == nil then return nil end
  return gl.gold_card(who.npi, req.service, req.today, req.coverage and req.coverage.plan_id or nil)
end

--- gl.requester_lapsed_gold_card(req) → the ordering provider's most recently expired gold card
--- for req.service on the member's plan (expired before req.today), or nil. For notes such as
--- "your gold card expired on …".
function gl.requester_lapsed_gold_card(req)
  local who = req.requester
  if who == nil or who.npi == nil or req.service == nil or req.today == nil then return nil end
  if type(req.service) ~= "table" then fail("requester_lapsed_gold_card", "req.service must be a {system, code} table") end
  local t = need("requester_lapsed_gold_card", req.today, "req.today")
  local card = type(_DATA) == "table" and _DATA["gold-card"] or nil
  if type(card) ~= "table" then return nil end
  local candidates = gold_card_index(card)[tostring(who.npi)]
  local want = key(req.service.system, req.service.code)
  if candidates == nil or want == nil then return nil end
  local plan_id = req.coverage and req.coverage.plan_id or nil
  local latest = nil
  for _, c in ipairs(candidates) do
    if c.services[want] and c.last and c.last < t.day_number
        and (plan_id == nil or c.plans == nil or c.plans[plan_id])
        and (latest == nil or c.last > latest.last) then
      latest = c
    end
  end
  return latest and latest.entry or nil
end

------------------------------------------------------------------------------
-- Authorization periods
------------------------------------------------------------------------------

--- gl.start_date(req) → the day an authorization starts: the requested item's start, unless
--- that day is already past, then today.
function gl.start_date(req)
  local p = req.item and req.item.period or nil
  if p and p.start and not date.before(p.start, req.today) then return p.start end
  return req.today
end

--- gl.days_from_start(req, days) → the period {start, end} of `days` days (end included) from
--- gl.start_date(req).
function gl.days_from_start(req, days)
  local start = gl.start_date(req)
  return { start = start, ["end"] = date.add_days(start, days - 1) }
end

------------------------------------------------------------------------------
-- gl.count_prior
------------------------------------------------------------------------------
local granted = {
  certified = true, approved = true, ["partially-approved"] = true, ["partially-certified"] = true,
  partial = true, modified = true, A1 = true, A2 = true, A6 = true,
}

--- gl.count_prior(req, system, codes, since [, statuses]) → how many of the member's prior
--- authorizations for these codes (a code or a list) were decided on or after `since` (nil:
--- any time). Only granted ones count (certified/approved, partially approved, modified) unless
--- `statuses` (a list) says otherwise. Also returns the sum of their quantities.
function gl.count_prior(req, system, codes, since, statuses)
  if type(system) ~= "string" then fail("count_prior", "system must be a string, got " .. type(system)) end
  local list = code_list("count_prior", codes)
  local s = need("count_prior", since, "since")
  local allowed = granted
  if statuses ~= nil then
    if type(statuses) ~= "table" then fail("count_prior", "statuses must be a list of strings") end
    allowed = {}
    for _, st in ipairs(statuses) do allowed[st] = true end
  end
  local member = type(req) == "table" and req.member or nil
  local pas = type(member) == "table" and member.prior_authorizations or nil
  -- Most members have no earlier authorizations: answer before building the code set.
  if type(pas) ~= "table" or pas[1] == nil then return 0, 0 end
  local wanted = {}
  for _, c in ipairs(list) do
    local k = key(system, c)
    if k then wanted[k] = true end
  end
  local n, total = 0, 0
  for _, pa in ipairs(pas) do
    if type(pa) == "table" and type(pa.service) == "table" then
      local k = key(pa.service.system, pa.service.code)
      if k and wanted[k] and allowed[pa.status or ""] then
        local when = pa.decided or (type(pa.period) == "table" and pa.period.start) or nil
        local ok = true
        if s ~= nil then
          local w = when and parse(when) or nil
          ok = w ~= nil and w.day_number >= s.day_number
        end
        if ok then
          n = n + 1
          local q = pa.quantity
          if type(q) == "table" and type(q.value) == "number" then total = total + q.value
          elseif type(q) == "number" then total = total + q end
        end
      end
    end
  end
  return n, total
end

------------------------------------------------------------------------------
-- Small helpers for policies.
------------------------------------------------------------------------------

--- gl.truthy(v) → an answer read as a boolean: true/"true"/"yes"/"Y"/1 → true.
function gl.truthy(v)
  if v == true then return true end
  if type(v) == "number" then return v ~= 0 end
  if type(v) == "string" then
    local l = slower(v)
    return l == "true" or l == "yes" or l == "y" or l == "1"
  end
  if type(v) == "table" and v.code ~= nil then return gl.truthy(v.code) end
  return false
end

--- gl.number(v) → an answer read as a number (a number, a numeric string, or a quantity);
--- whole numbers come back as integers, so they print as "8", not "8.0".
function gl.number(v)
  if type(v) == "number" then return math.tointeger(v) or v end
  if type(v) == "string" then
    local n = tonumber(v)
    return n and (math.tointeger(n) or n) or nil
  end
  if type(v) == "table" and v.value ~= nil then return gl.number(v.value) end
  return nil
end

--- gl.list(v) → an answer read as a list of strings (a single value becomes a list of one;
--- codings give their code).
function gl.list(v)
  if v == nil then return {} end
  if type(v) ~= "table" then return { v } end
  if v.code ~= nil then return { v.code } end
  local out = {}
  for _, x in ipairs(v) do
    if type(x) == "table" and x.code ~= nil then out[#out + 1] = x.code else out[#out + 1] = x end
  end
  return out
end
"""#
}
