import FHIR
import Foundation
import Testing
@_spi(Benchmark) @testable import Rules

/// The sandbox's own `string.find`, `match`, `gmatch` and `gsub` (CLuaShim/GLPatterns.c): the
/// same answers and errors as Lua 5.4's, and matching that counts against the budget.
@Suite struct PatternTests {
    /// A state made as the engine makes them, sandboxed or (for the builtin library) not.
    func state(sandboxed: Bool = true, budget: Int = 1_000_000) throws -> LuaState {
        var limits = RuleLimits(instructionBudget: budget)
        limits.sandboxed = sandboxed
        let rules = try TemporaryRules(["policies/p.lua": policySource(id: "p")])
        return try rules.engine(limits: limits, poolSize: 1).pool.ruleSet.makeState()
    }

    /// Every case of the corpus gives the same results and error messages in both states.
    @Test func matchesTheBuiltinLibrary() throws {
        let ours = try state(budget: 2_000_000_000).run(Self.corpus, chunkname: "=corpus")
        let builtin = try state(sandboxed: false).run(Self.corpus, chunkname: "=corpus")
        guard case .string(let expected) = builtin, case .string(let actual) = ours else {
            Issue.record("the corpus returned \(builtin) and \(ours)")
            return
        }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(expectedLines.count == actualLines.count)
        #expect(expectedLines.count > 600, "the corpus shrank to \(expectedLines.count - 1) cases")
        for (line, (wanted, got)) in zip(expectedLines, actualLines).enumerated() where wanted != got {
            Issue.record("line \(line + 1) differs:\n  builtin: \(wanted)\n  sandbox: \(got)")
            break
        }
    }

    /// Matching that backtracks for minutes in the builtin stops at the budget.
    @Test(arguments: [
        #"string.find(string.rep("a", 20000), ".-.-.-.-b")"#,
        #"string.match(string.rep("a", 20000), ".-.-.-.-b")"#,
        #"(("a"):rep(20000)):find(".-.-.-.-b")"#,
        #"for _ in string.gmatch(string.rep("a", 20000), ".-.-.-.-b") do end"#,
        #"string.gsub(string.rep("a", 20000), ".-.-.-.-b", "")"#,
        #"string.find(string.rep("(", 100000), "%b()")"#,
        #"string.find(string.rep("a", 200000), string.rep("a", 100000) .. "b", 1, true)"#,
    ])
    func runawayMatchHitsTheBudget(lua: String) throws {
        let state = try state()
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(throws: LuaFailure.self) { try state.run(lua, chunkname: "=runaway") }
        #expect(clock.now - started < .seconds(5))
        #expect(error.kind == .budget)
        #expect(error.message.hasPrefix("runaway:1: instruction budget of 1000000 exceeded"), "\(error.message)")
    }

    @Test func runawayMatchInAPolicyFallsBack() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let record = try await SandboxTests().escape(#"string.find(string.rep("a", 20000), ".-.-.-.-b")"#)
        #expect(clock.now - started < .seconds(5))
        #expect(record.error?.kind == .budget)
        #expect(record.error?.message.hasPrefix("instruction budget of 1000000 exceeded in policy bad") == true)
        #expect(record.error?.message.contains("(at policies/bad.lua:") == true, "\(record.error?.message ?? "")")
        #expect(record.instructions >= 1_000_000)
    }

    @Test(arguments: [
        #"local ok = pcall(string.find, string.rep("a", 20000), ".-.-.-.-b") return "caught""#,
        #"local ok = pcall(function() return ("a"):rep(20000):match(".-.-.-.-b") end) return "caught""#,
        #"local ok = xpcall(string.gsub, function(e) return e end, string.rep("a", 20000), ".-.-.-.-b", "") return "caught""#,
        #"for i = 1, 1e9 do pcall(string.find, string.rep("a", 20000), ".-.-.-.-b") end return "caught""#,
    ])
    func pcallCannotCatchTheBudget(lua: String) throws {
        let state = try state()
        let error = try #require(throws: LuaFailure.self) { try state.run(lua, chunkname: "=caught") }
        #expect(error.kind == .budget)
    }

    /// A few VM instructions that make the matcher do a lot of work show up in the count.
    @Test func matchingCountsAsInstructions() throws {
        let state = try state()
        let result = try state.run(#"return string.find(string.rep("a", 100000), "[b]")"#, chunkname: "=count")
        #expect(result == .null)
        #expect(state.instructionsUsed >= 100_000)
    }

    /// Cases of every feature and error, then pseudo-random patterns from a fixed seed. Returns
    /// "N cases" and one line per case.
    static let corpus = #"""
        -- The differential corpus: runs every case through string.find/match/gmatch/gsub of this state
        -- and returns one line per case (results and error messages), to be compared across states.
        local find, match, gmatch, gsub = string.find, string.match, string.gmatch, string.gsub
        local format, rep, concat, pack, unpack = string.format, string.rep, table.concat, table.pack, table.unpack

        -- Values as text; error messages lose their "chunk:line:" prefix, which differs by caller.
        local function show(v)
          if type(v) == "string" then return format("%q", v) end
          return tostring(v)
        end
        local function results(ok, ...)
          local out = {}
          if not ok then
            local message = tostring((...))
            local colon = message:find(":%d+: ")  -- located messages only
            if colon and message:sub(1, 1) ~= " " then message = message:sub(message:find(": ", colon, true) + 2) end
            return "error " .. format("%q", message)
          end
          for i = 1, select("#", ...) do out[i] = show((select(i, ...))) end
          return concat(out, ",")
        end
        local function try(f, ...) return results(pcall(f, ...)) end

        local function all_matches(s, p, init)
          local it = gmatch(s, p, init)
          local out = {}
          for _ = 1, 40 do
            local r = pack(it())
            if r.n == 0 or r[1] == nil then break end
            out[#out + 1] = results(true, unpack(r, 1, r.n))
          end
          return concat(out, ";")
        end

        local calls = 0
        local replacements = {
          "<%0>", "%1", "[%1|%2]", "%%", "x%", "%z", "%9", "", "%2%1", 7, 2.5,
          { a = "A", b = false, ab = 1, ["("] = "paren" },
          { a = {} },
          function(a, b) return a and a:upper() .. tostring(b) end,
          function() return false end,
          function() return nil end,
          function() return {} end,
          function(...) calls = calls + 1; return calls % 2 == 0 and select("#", ...) or nil end,
          function(x) if x == "b" then error("stop at b") end end,
        }

        local lines = {}
        local function case(s, p, init, r, n)
          local line = {
            format("%q %q %s", s, p, tostring(init)),
            "find " .. try(find, s, p, init),
            "plain " .. try(find, s, p, init, true),
            "match " .. try(match, s, p, init),
            "gmatch " .. try(all_matches, s, p, init),
          }
          if r ~= nil then
            line[#line + 1] = "gsub " .. try(gsub, s, p, r, n)
          end
          lines[#lines + 1] = concat(line, " | ")
        end

        local mixed = "Hello, World! 123\t\n\0x_~\127\200\255 (a(b)c) [x] %y 0xFF"
        local written = {
          -- init: negative, zero, past the end, the empty pattern at the end
          {"hello", "l", -2}, {"hello", "l", -10}, {"hello", "l", 0}, {"hello", "l", 10}, {"hello", "", 6},
          {"hello", "", 7}, {"hello", "", -1}, {"", "", 1}, {"", "", 2}, {"", "a*", 1}, {"hello", "o$", 5},
          {"hello", "^l", 3}, {"hello", "l+", -3}, {"hello", "h", math.mininteger}, {"hello", "o", math.maxinteger},
          -- plain find and specials
          {"a.b", ".", 1}, {"a+b", "+", 1}, {"a+b", "a+", 1}, {"x%y", "%", 1}, {"a\0b", "\0", 1}, {"a\0b.", "\0.", 1},
          {"abc", "b)", 1}, {"abc", "]", 1}, {"a]c", "]", 1}, {"long haystack with needle in it", "needle", 1},
          {"aaaaaaaaab", "aab", 1}, {"abab", "abab", 2},
          -- anchors
          {"abc", "^a"}, {"abc", "^b"}, {"abc", "^"}, {"abc", "$"}, {"abc", "c$"}, {"abc", "^abc$"}, {"", "^$"},
          {"a$b", "a$b"}, {"^a", "^^a"}, {"a^", "a^"}, {"ab$", "%$"}, {"ab", "b$$"}, {"a", "$^"},
          -- classes and their complements
          {mixed, "%a+"}, {mixed, "%A+"}, {mixed, "%c+"}, {mixed, "%C+"}, {mixed, "%d+"}, {mixed, "%D+"},
          {mixed, "%g+"}, {mixed, "%G+"}, {mixed, "%l+"}, {mixed, "%L+"}, {mixed, "%p+"}, {mixed, "%P+"},
          {mixed, "%s+"}, {mixed, "%S+"}, {mixed, "%u+"}, {mixed, "%U+"}, {mixed, "%w+"}, {mixed, "%W+"},
          {mixed, "%x+"}, {mixed, "%X+"}, {mixed, "%z"}, {mixed, "%Z+"}, {mixed, "%.+"}, {mixed, "%%%a"},
          {mixed, "%(.-%)"}, {mixed, "%q"}, {mixed, "%\0"}, {mixed, "."}, {mixed, "\255"},
          -- sets
          {mixed, "[a-f]+"}, {mixed, "[^a-f]+"}, {mixed, "[%d%s]+"}, {mixed, "[^%w]+"}, {"a]b", "[]]"},
          {"a]b", "[^]]+"}, {"a-b", "[a-]+"}, {"a-b", "[-a]+"}, {"a]b", "[%]]"}, {"a%b", "[%%]"},
          {mixed, "[a-%d]+"}, {mixed, "[%a-z]+"}, {mixed, "[z-a]"}, {mixed, "[\0-\31]+"}, {mixed, "[\127-\255]+"},
          {"abc", "[a"}, {"abc", "["}, {"abc", "[^"}, {"abc", "[]"}, {"abc", "[^]"}, {"abc", "[%"}, {"abc", "[a%"},
          {"abc", "x[a"}, {"xbc", "x[a"}, {"^", "[^^]"}, {"^", "[%^]"}, {"a^b", "[b^]+"},
          -- quantifiers
          {"aaab", "a*"}, {"aaab", "a+"}, {"aaab", "a-"}, {"aaab", "a?"}, {"aaab", "a-b"}, {"aaab", "a?b"},
          {"bbb", "a+"}, {"bbb", "a*"}, {"abcabc", ".-c"}, {"abcabc", ".*c"}, {"ab", "a??"}, {"a+", "a++"},
          {"*a", "*a"}, {"?", "?"}, {"-", "-"}, {"xyz", "x*y*z*w*"}, {"[[x]]", "%[+(.-)%]+"},
          {"  trim me  ", "^%s*(.-)%s*$"}, {"key = value", "(%w+)%s*=%s*(%w+)"},
          -- captures, position captures
          {"hello world", "(o)(.)"}, {"hello", "()ll()"}, {"hello", "()"}, {"hello", "(h)(e)(l)(l)(o)"},
          {"hello", "((l)(l))"}, {"abc", "(()"}, {"abc", "a)"}, {"abc", "(a"}, {"abc", ")"}, {"abc", "()a()b()c()"},
          {"", "()"}, {"abc", "(a*(.)%w(%s*))"}, {"abc", "((((((((((a))))))))))"},
          -- %b
          {"f(a(b)c) d(e)", "%b()"}, {"f(a(b c) d", "%b()"}, {"'x' 'y'", "%b''"}, {"abc", "%b"}, {"abc", "%ba"},
          {"[[]]]", "%b[]"}, {"abc", "a%bbc"}, {"((", "%b()"}, {"x(y)", "x%b()$"},
          -- %f
          {"THE (quick) fox", "%f[%a]%a+"}, {"THE (quick) fox", "%f[%A]"}, {"hello", "%f[%z]"}, {"hello", "%f[%Z]"},
          {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%f[a"}, {"a1b2", "%f[%d]"}, {"aaa", "%f[a]a"}, {"", "%f[^a]"},
          -- back-references
          {"abba", "(.)(.)%2%1"}, {"hello", "(l)%1"}, {"xx yy zz", "(%w)%1"}, {"abc", "%0"}, {"abc", "(%1)"},
          {"abc", "%2"}, {"abc", "(a)%2"}, {"abc", "()a%1"}, {"aa", "(a*)%1"}, {"abc", "(a)%9"},
          {[["quoted" 'text']], [[(["'])(.-)%1]]},
          -- malformed patterns
          {"abc", "%"}, {"abc", "a%"}, {"", "%"}, {"abc", "x%"}, {"abc", "(()"}, {"abc", "%f[%w"},
          -- gmatch anchors and empty matches
          {"a^b^c", "^."}, {"baaac", "a*"}, {"abc", ""}, {"hello world from lua", "%a+", 7}, {"abc", ".", 10},
          {"abc", "().", -2},
        }
        for i, c in ipairs(written) do
          case(c[1], c[2], c[3], replacements[(i - 1) % #replacements + 1], c[4])
        end

        -- gsub: every replacement kind over a few matches, and the maximum count.
        for i, r in ipairs(replacements) do
          case("abc (a) ab b", "(a)(b?)", nil, r)
          case("abc (a) ab b", "%w+", nil, r, (i % 4) - 1)
          case("abc", "", nil, r, nil)
          case("abc", "^a", nil, r, nil)
        end
        for _, n in ipairs({ 0, 1, 2, -1, 100, 1.0, 2.5, "2", "x", math.maxinteger, math.mininteger }) do
          case("aaa", "a", nil, "b", n)
        end
        case("abc", "b", nil, nil, nil)
        case("abc", "b", nil, true, nil)

        -- limits: 32 captures, recursion depth 200
        for _, n in ipairs({ 31, 32, 33 }) do
          case(rep("a", 40), rep("()", n), nil, "%1")
          case(rep("a", 40), rep("(a)", n), nil, "%9")
          case(rep("a", 40), rep("(", n) .. rep(")", n), nil, "x")
        end
        for _, n in ipairs({ 150, 198, 199, 200, 201, 250 }) do
          case(rep("a", 300), rep("a?", n), nil, "x")
          case(rep("a", 300), rep("a-", n) .. "$", nil, "x")
          case(rep("a", 300), rep("a", n) .. "b", nil, "x")
        end
        case(rep("a", 250), rep("(a", 31) .. rep(")", 31), nil, "%1")
        case(rep("ab", 120), rep("a*b", 120), nil, "x")

        -- argument errors and conversions
        local extra = {
          function() return find(12345, 34) end, function() return find(12345, 3, "2") end,
          function() return find(nil, "a") end, function() return find("a", nil) end, function() return find("a") end,
          function() return find("a", "a", "x") end, function() return find("a", "a", 1.5) end,
          function() return find("abc", "b", 2.0) end, function() return match({}, "a") end,
          function() return gsub("a", "a") end, function() return gsub("a", "a", "b", "x") end,
          function() return gsub("abc", "%w", "%0%0", 2.0) end, function() return gsub(123, 2, 4) end,
          function() return gmatch("a", {}) end, function() return gmatch("a", "a", "x") end,
          function() return ("abc"):find({}) end, function() return ("abc"):gsub("a") end,
          function() return ("a,b,,c"):gsub(",", ";") end, function() return ("x"):match("(x)") end,
          function() local t = {} for k, v in ("a=1, b=2"):gmatch("(%w+)=(%w+)") do t[#t + 1] = k .. v end return concat(t) end,
          function() return gsub("abc", "%w", { a = 1, b = 2.5 }) end,
          function() return gsub("abc", "%w", setmetatable({}, { __index = function(_, k) return k .. k end })) end,
          function() return gsub("hello world", "o", "0", 1) end,
          function() return gsub("abc", "b", "%") end,
          function() local it = gmatch("ab", "."); return it(), it(), it(), it() end,
          function() return gsub("abc", ".", function(c) return gsub(c, ".", "%0%0") end) end,
        }
        for i, f in ipairs(extra) do lines[#lines + 1] = "extra " .. i .. " " .. try(f) end

        -- Pseudo-random patterns over a small alphabet, from a fixed seed: the same everywhere.
        local seed = 20260101
        local function random(n)
          seed = (seed * 1103515245 + 12345) % 2147483648
          return (seed >> 8) % n + 1
        end
        local atoms = { "a", "b", "c", ".", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "%b()", "%f[%w]", "%1", "(", ")",
                        "()", "^", "$", "%", "[", "]", "%W", "-", " " }
        local quantifiers = { "", "", "", "*", "+", "-", "?" }
        local letters = { "a", "b", "c", "(", ")", "1", " ", "a", "b" }
        for _ = 1, 400 do
          local parts = {}
          for j = 1, random(6) do parts[j] = atoms[random(#atoms)] .. quantifiers[random(#quantifiers)] end
          local chars = {}
          for j = 1, random(12) - 1 do chars[j] = letters[random(#letters)] end
          local inits = { nil, 1, 2, -1, -3, 0, 20 }
          case(concat(chars), concat(parts), inits[random(#inits)], replacements[random(#replacements)],
               random(3) == 1 and random(4) - 1 or nil)
        end

        return #lines .. " cases\n" .. concat(lines, "\n")
        """#
}
