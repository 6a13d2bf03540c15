import FHIR
import Testing
@testable import Rules

/// The Lua states' allocator keeps small blocks in pools of their own (CLuaShim's `gl_alloc`):
/// values of every size survive growing, shrinking and moving between the pools and malloc, and
/// what the collector frees is counted back.
struct LuaAllocatorTests {
    func state() throws -> LuaState {
        try TemporaryRules(["policies/p.lua": policySource(id: "p")]).engine(limits: RuleLimits(instructionBudget: 100_000_000))
            .pool.ruleSet.makeState()
    }

    @Test func valuesOfEverySizeKeepTheirContents() throws {
        let state = try state()
        // Strings of 1…600 bytes (either side of the 256-byte pools), tables grown one
        // element at a time past the pools and emptied again, then everything checked.
        let result = try state.run("""
            local strings, tables = {}, {}
            for n = 1, 600 do
              strings[n] = string.rep(string.char(65 + n % 26), n)
              local t = {}
              for i = 1, n do t[i] = i * 3; t["k" .. i] = n end
              tables[n] = t
            end
            for n = 1, 600, 2 do
              local t = tables[n]
              for i = 1, n do t["k" .. i] = nil end
            end
            local bad = 0
            for n = 1, 600 do
              local s = strings[n]
              if #s ~= n or s:byte(n) ~= 65 + n % 26 then bad = bad + 1 end
              local t = tables[n]
              if #t ~= n or t[n] ~= n * 3 then bad = bad + 1 end
              if n % 2 == 0 and t["k" .. n] ~= n then bad = bad + 1 end
              if n % 2 == 1 and t["k" .. n] ~= nil then bad = bad + 1 end
            end
            return bad
            """, chunkname: "=sizes")
        #expect(result == 0)
    }

    /// Twenty rounds of ~5 MB of tables under a 32 MB cap: only a state that gets the bytes
    /// of collected blocks counted back gets through them.
    @Test func freedBlocksAreCountedBack() throws {
        let state = try TemporaryRules(["policies/p.lua": policySource(id: "p")])
            .engine(limits: RuleLimits(instructionBudget: 100_000_000, memoryCap: 32 << 20)).pool.ruleSet.makeState()
        for round in 0..<20 {
            let result = try state.run("""
                local t = {}
                for i = 1, 20000 do t[i] = { id = "x" .. i, list = { i, i + 1 } } end
                return #t
                """, chunkname: "=churn")
            #expect(result == 20000, "round \(round)")
        }
        #expect(state.memoryUsed < 32 << 20)
    }
}

/// A `resource` object or a `prior_authorizations` list in a value given to Lua is built when
/// first read (CLuaShim's deferred members): reading, iterating and keeping it behave as if it
/// had been built at once.
struct DeferredResourceTests {
    static let input: JSON = [
        "patient": [
            "id": "member-001", "age": 70,
            "resource": ["resourceType": "Patient", "name": [["family": "Alvarez", "given": ["Margaret"]]], "contained": [
                ["resource": ["resourceType": "Organization", "name": "Nested"]],
            ]],
        ],
        "empty": ["resource": [:]],
        "member": [
            "id": "member-001",
            "prior_authorizations": [
                ["service": ["code": "72148"], "status": "certified"],
                ["service": ["code": "E0601"], "status": "denied"],
            ],
        ],
        "fresh": ["prior_authorizations": []],
        // Only the names' own kinds are deferred: an object named prior_authorizations is built.
        "odd": ["prior_authorizations": ["n": 1], "resource": [1, 2]],
    ]

    func state() throws -> LuaState {
        let state = try LuaAllocatorTests().state()
        try state.setGlobal("input", ValueTape(Self.input))
        return state
    }

    @Test func aResourceReadsAsBuilt() throws {
        let state = try state()
        let result = try state.run("""
            local p = input.patient
            local before = rawget(p, "resource")
            return {
              before == nil,
              p.resource.resourceType, p.resource.name[1].given[1], #p.resource.name,
              p.resource.contained[1].resource.name,
              rawget(p, "resource") ~= nil,
              next(input.empty.resource) == nil,
            }
            """, chunkname: "=read")
        #expect(result == [true, "Patient", "Margaret", 1, "Nested", true, true])
    }

    @Test func theHistoryReadsAsBuilt() throws {
        let state = try state()
        let result = try state.run("""
            local m = input.member
            local before = rawget(m, "prior_authorizations")
            local codes = {}
            for _, pa in ipairs(m.prior_authorizations) do codes[#codes + 1] = pa.service.code .. ":" .. pa.status end
            return {
              before == nil, #m.prior_authorizations, table.concat(codes, ","),
              rawget(m, "prior_authorizations") ~= nil, m.id,
              #input.fresh.prior_authorizations, input.odd.prior_authorizations.n, #input.odd.resource,
            }
            """, chunkname: "=history")
        #expect(result == [true, 2, "72148:certified,E0601:denied", true, "member-001", 0, 1, 2])
    }

    @Test func pairsSeesTheResource() throws {
        let state = try state()
        let result = try state.run("""
            local keys = {}
            for key in pairs(input.patient) do keys[#keys + 1] = key end
            table.sort(keys)
            return keys
            """, chunkname: "=pairs")
        #expect(result == ["age", "id", "resource"])
        let history = try state.run("""
            local keys = {}
            for key in pairs(input.member) do keys[#keys + 1] = key end
            table.sort(keys)
            return keys
            """, chunkname: "=pairs-history")
        #expect(history == ["id", "prior_authorizations"])
    }

    /// A table kept after the value's tape is gone still builds its resource (from its own
    /// copy), and a policy cannot change how the deferral works for the next one.
    @Test func aKeptTableBuildsLaterAndTheMetatableIsProtected() throws {
        let state = try state()
        _ = try state.run("kept = input.patient return 0", chunkname: "=keep")
        try state.setGlobal("input", ValueTape(["other": 1]))
        #expect(try state.run("return kept.resource.name[1].family", chunkname: "=later") == "Alvarez")
        let fresh = try state.run("""
            input = nil
            return getmetatable(kept) == nil and 0 or 1
            """, chunkname: "=meta")
        #expect(fresh == 0)
        try state.setGlobal("input", ValueTape(Self.input))
        #expect(try state.run("return getmetatable(input.patient)", chunkname: "=protected") == false)
        #expect(throws: LuaFailure.self) { try state.run("setmetatable(input.patient, {})", chunkname: "=swap") }
    }
}
