/// The engine's own Lua, run first in every state: the `policy { … }` declaration that checks a
/// policy table when its file loads, and the registry the engine calls policies through.
///
/// It is Lua rather than C because the checks are easiest to read (and to keep in step with
/// Rules/README.md) as Lua. It returns a table of internals the C side keeps in the registry;
/// the C side turns `declare` into the global `policy`.
enum EnginePrelude {
    static let chunkname = "=engine"

    static let source = #"""
local type, pairs, ipairs, error, tostring, setmetatable, pcall, concat, smatch =
  type, pairs, ipairs, error, tostring, setmetatable, pcall, table.concat, string.match

local FIELDS = {
  id = "string", title = "string", link = "string", services = "table", plans = "table",
  lines_of_business = "table", questionnaire = "string", auto_deny = "boolean",
  coverage = "function", adjudicate = "function", next_question = "function",
}
local REQUIRED = { "id", "title", "services", "coverage" }
local LINES = { ["medicare-advantage"] = true, medicaid = true, chip = true, exchange = true, commercial = true }

local validated = setmetatable({}, { __mode = "k" })
local functions = {}

-- A list of non-empty strings, numbered 1..n; `allowed` restricts the values.
local function check_list(problems, value, field, allowed)
  local n = #value
  local count = 0
  for k, v in pairs(value) do
    count = count + 1
    if type(k) ~= "number" or k < 1 or k > n or k % 1 ~= 0 then
      problems[#problems + 1] = field .. " must be a list, not a table with key " .. tostring(k)
    elseif type(v) ~= "string" or v == "" then
      problems[#problems + 1] = field .. "[" .. k .. "] must be a non-empty string, not " .. type(v)
    elseif allowed and not allowed[v] then
      problems[#problems + 1] = field .. "[" .. k .. "] is \"" .. v .. "\"; expected one of medicare-advantage, medicaid, chip, exchange, commercial"
    end
  end
  if count == 0 then problems[#problems + 1] = field .. " must not be empty (leave it out for every one)" end
end

local function check(t)
  local problems = {}
  if type(t) ~= "table" then
    return { "policy expects a table: policy { id = ..., ... }" }
  end
  for k, v in pairs(t) do
    local expected = FIELDS[k]
    if type(k) ~= "string" then
      problems[#problems + 1] = "unexpected positional value " .. tostring(v)
    elseif expected == nil then
      problems[#problems + 1] = "unknown field '" .. k .. "'"
    elseif type(v) ~= expected then
      problems[#problems + 1] = "field '" .. k .. "' must be a " .. expected .. ", not a " .. type(v)
    end
  end
  for _, k in ipairs(REQUIRED) do
    if t[k] == nil then problems[#problems + 1] = "missing required field '" .. k .. "'" end
  end
  if type(t.id) == "string" and not smatch(t.id, "^[a-z0-9][a-z0-9-]*$") then
    problems[#problems + 1] = "id \"" .. t.id .. "\" must be lowercase letters, digits and hyphens"
  end
  if type(t.services) == "table" then
    local n = #t.services
    local count = 0
    for i, service in pairs(t.services) do
      count = count + 1
      local where = "services[" .. tostring(i) .. "]"
      if type(i) ~= "number" or i < 1 or i > n or i % 1 ~= 0 then
        problems[#problems + 1] = "services must be a list of { system = ..., codes = { ... } }"
      elseif type(service) ~= "table" then
        problems[#problems + 1] = where .. " must be a table { system = ..., codes = { ... } }"
      else
        for k in pairs(service) do
          if k ~= "system" and k ~= "codes" then
            problems[#problems + 1] = where .. " has unknown field '" .. tostring(k) .. "'"
          end
        end
        if type(service.system) ~= "string" or service.system == "" then
          problems[#problems + 1] = where .. ".system must be a code system URL"
        end
        if type(service.codes) ~= "table" then
          problems[#problems + 1] = where .. ".codes must be a list of codes"
        else
          check_list(problems, service.codes, where .. ".codes")
        end
      end
    end
    if count == 0 then problems[#problems + 1] = "services must list at least one { system, codes }" end
  end
  if type(t.plans) == "table" then check_list(problems, t.plans, "plans") end
  if type(t.lines_of_business) == "table" then check_list(problems, t.lines_of_business, "lines_of_business", LINES) end
  return problems
end

local internals = { functions = functions }

-- Checks a `policy { ... }` table: nil when it is valid (and remembered as declared), else the
-- problems. The global `policy` is a C function around this, so the error names the line of the
-- `policy {` call even though `return policy { ... }` is a tail call.
function internals.declare(t)
  local ok, problems = pcall(check, t)
  if not ok then return "policy: " .. tostring(problems) end
  if #problems > 0 then return "policy: " .. concat(problems, "; ") end
  validated[t] = true
  return nil
end

function internals.register(index, t, file)
  if type(t) ~= "table" or not validated[t] then
    error(file .. ": the file must end with `return policy { ... }`", 0)
  end
  local base = (index - 1) * 3
  functions[base + 1] = t.coverage
  functions[base + 2] = t.adjudicate
  functions[base + 3] = t.next_question
  local present = {}
  for _, name in ipairs({ "coverage", "adjudicate", "next_question" }) do
    if t[name] ~= nil then present[#present + 1] = name end
  end
  local services = {}
  for i, service in ipairs(t.services) do
    local codes = {}
    for j, code in ipairs(service.codes) do codes[j] = code end
    services[i] = { system = service.system, codes = codes }
  end
  return {
    id = t.id, title = t.title, link = t.link, services = services, plans = t.plans,
    lines_of_business = t.lines_of_business, questionnaire = t.questionnaire,
    auto_deny = t.auto_deny == true, functions = present,
  }
end

return internals
"""#
}
