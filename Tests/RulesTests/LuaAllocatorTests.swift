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
