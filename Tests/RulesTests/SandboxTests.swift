import FHIR
import Foundation
import Testing
@testable import Rules

/// Every way out of the sandbox is refused with a clear error, and the engine keeps answering.
@Suite struct SandboxTests {
    /// Runs `body` in a policy's coverage and returns the record; then checks the engine still
    /// answers a well-behaved policy in the same directory.
    func escape(_ body: String, limits: RuleLimits = RuleLimits()) async throws -> RuleEvaluationRecord {
        let rules = try TemporaryRules([
            "policies/bad.lua": policyRunning(id: "bad", code: "11111", body),
            "policies/good.lua": policySource(id: "good", codes: ["22222"]),
        ])
        let engine = try rules.engine(limits: limits, poolSize: 1)
        let bad = try #require(await engine.coverage(sampleRequest, service: service("11111"), plan: nil, lineOfBusiness: nil))
        #expect(bad.usedFallback)
        #expect(bad.decision.covered == .conditional)
        #expect(bad.decision.paNeeded == .conditional)
        for _ in 0..<2 {
            let good = try #require(await engine.coverage(sampleRequest, service: service("22222"), plan: nil, lineOfBusiness: nil))
            #expect(good.record.error == nil)
            #expect(good.decision.covered == .covered)
        }
        return bad.record
    }

    @Test func ioIsAbsent() async throws {
        let record = try await escape(#"io.open("/etc/passwd")"#)
        #expect(record.error?.kind == .runtime)
        #expect(record.error?.message.contains("io") == true)
        #expect(record.error?.message.contains("policies/bad.lua:") == true)
    }

    @Test func osExecuteIsAbsent() async throws {
        let record = try await escape(#"os.execute("touch /tmp/greenlight-pwned")"#)
        #expect(record.error?.message.contains("execute") == true)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/greenlight-pwned"))
    }

    @Test func osKeepsOnlyClockAndCalendar() async throws {
        let rules = try TemporaryRules([
            "policies/os.lua": policySource(
                id: "os",
                coverage: """
                    function(req)
                        local names = {}
                        for name in pairs(os) do names[#names + 1] = name end
                        table.sort(names)
                        return { covered = "covered", pa_needed = "no-auth", note = table.concat(names, ",") .. ":" .. type(os.time()) }
                      end
                    """)
        ])
        let engine = try rules.engine()
        let result = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(result.decision.note == "clock,date,time:number")
    }

    @Test(arguments: ["load", "loadfile", "dofile", "require", "collectgarbage", "debug", "package", "print"])
    func globalIsAbsent(name: String) async throws {
        let record = try await escape("assert(\(name) == nil, \"\(name) is reachable\"); \(name)()")
        #expect(record.error?.message.contains("attempt to call a nil value") == true)
    }

    @Test func bytecodeCannotBeMadeOrLoaded() async throws {
        let record = try await escape(#"local f = string.dump(function() end)"#)
        #expect(record.error?.message.contains("dump") == true)
        let method = try await escape(#"local s = ("x"):dump()"#)
        #expect(method.error?.message.contains("dump") == true)
    }

    @Test func binaryPolicyFileIsRefused() throws {
        let rules = try TemporaryRules()
        // "\x1bLua" is the signature of a precompiled chunk.
        try rules.write("policies/binary.lua", Data([0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00, 0x19, 0x93, 0x0D, 0x0A]))
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].file == "policies/binary.lua")
        #expect(error.problems[0].message.contains("binary chunk"))
    }

    @Test func memoryBombHitsTheCap() async throws {
        let record = try await escape(
            #"local s = string.rep("x", 1024 * 1024); local t = {} for i = 1, 100 do t[i] = s .. i end"#,
            limits: RuleLimits(memoryCap: 8 << 20))
        #expect(record.error?.kind == .memory)
        #expect(record.error?.message == "memory cap of 8 MiB exceeded in policy bad")
    }

    @Test func stringRepBombHitsTheCap() async throws {
        let record = try await escape(#"local s = string.rep("x", 1 << 30)"#, limits: RuleLimits(memoryCap: 8 << 20))
        #expect(record.error?.kind == .memory)
    }

    @Test func infiniteLoopHitsTheBudget() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let record = try await escape("while true do end", limits: RuleLimits(instructionBudget: 1_000_000))
        #expect(clock.now - started < .seconds(5))
        #expect(record.error?.kind == .budget)
        #expect(record.error?.message.hasPrefix("instruction budget of 1000000 exceeded in policy bad") == true)
        #expect(record.instructions >= 1_000_000)
    }

    @Test func pcallCannotSwallowTheBudget() async throws {
        let record = try await escape(
            "for i = 1, 1e9 do pcall(function() while true do end end) end", limits: RuleLimits(instructionBudget: 200_000))
        #expect(record.error?.kind == .budget)
        let xpcall = try await escape(
            "while true do xpcall(function() while true do end end, function(e) return e end) end",
            limits: RuleLimits(instructionBudget: 200_000))
        #expect(xpcall.error?.kind == .budget)
    }

    @Test func pcallStillCatchesOrdinaryErrors() async throws {
        let rules = try TemporaryRules([
            "policies/p.lua": policySource(
                id: "p",
                coverage: """
                    function(req)
                        local ok, message = pcall(error, "boom", 0)
                        return { covered = "covered", pa_needed = "no-auth", note = tostring(ok) .. " " .. message }
                      end
                    """)
        ])
        let engine = try rules.engine()
        let result = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(result.decision.note == "false boom")
    }

    @Test func deepRecursionIsAnError() async throws {
        let record = try await escape(
            "local function f(n) return 1 + f(n + 1) end f(1)", limits: RuleLimits(instructionBudget: 50_000_000))
        #expect(record.error != nil)
        #expect(record.error?.message.contains("stack overflow") == true || record.error?.kind == .memory)
    }

    @Test func deepCRecursionIsAnError() async throws {
        let record = try await escape(
            #"local function f(s) return (string.gsub(s, ".", f)) end f("xx")"#, limits: RuleLimits(instructionBudget: 50_000_000))
        #expect(record.error != nil)
    }

    @Test func loadTimeLoopIsRefused() throws {
        let rules = try TemporaryRules(["policies/spin.lua": "while true do end\n" + policySource(id: "spin")])
        let error = try #require(throws: RuleLoadError.self) {
            try rules.engine(limits: RuleLimits(instructionBudget: 100_000))
        }
        #expect(error.problems.first?.message.contains("instruction budget of 100000 exceeded") == true)
        #expect(error.problems.first?.file == "policies/spin.lua")
    }

    @Test func policiesDoNotShareGlobals() async throws {
        let rules = try TemporaryRules([
            "policies/a.lua": "shared = 'from a'\n" + policySource(id: "a", codes: ["1"]),
            "policies/b.lua": policySource(
                id: "b", codes: ["2"],
                coverage: #"function(req) return { covered = "covered", pa_needed = "no-auth", note = tostring(shared) } end"#),
        ])
        let engine = try rules.engine()
        let result = try #require(await engine.coverage(sampleRequest, service: service("2"), plan: nil, lineOfBusiness: nil))
        #expect(result.decision.note == "nil")
    }
}
