import Crypto
import FHIR
import Foundation
import Testing
@testable import Rules

@Suite struct RecordTests {
    @Test func recordExplainsTheDecision() async throws {
        let source = policySource(
            id: "rec",
            coverage: """
                function(req)
                    local n = 0
                    for i = 1, 5000 do n = n + i end
                    return { covered = "covered", pa_needed = "auth-needed", note = req.today }
                  end
                """)
        let rules = try TemporaryRules(["policies/area/rec.lua": source])
        let engine = try rules.engine()
        let result = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        let record = result.record
        let expectedVersion = SHA256.hash(data: Data(source.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(record.policyID == "rec")
        #expect(record.policyVersion == expectedVersion)
        #expect(record.policyFile == "policies/area/rec.lua")
        #expect(record.function == "coverage")
        #expect(record.input == sampleRequest)
        #expect(record.output == ["covered": "covered", "note": "2026-11-23", "pa_needed": "auth-needed"])
        #expect(record.decision == result.decision.json)
        #expect(record.error == nil)
        #expect(record.instructions >= 10_000 && record.instructions < 100_000)
        #expect(record.duration > .zero)
        #expect(engine.policies.first?.version == expectedVersion)
        let json = record.json
        #expect(json["version"] == .string(expectedVersion))
        #expect(json["input"] == sampleRequest)
        #expect(json["instructions"]?.int == record.instructions)
    }

    @Test func replayGivesTheSameDecision() async throws {
        let rules = try TemporaryRules(["policies/r.lua": policySource(id: "r")])
        let engine = try rules.engine()
        let first = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        let replay = await engine.evaluate(function: first.record.function, policyID: first.record.policyID, input: first.record.input)
        #expect(replay.policyVersion == first.record.policyVersion)
        #expect(replay.output == first.record.output)
        #expect(replay.decision == first.record.decision)
    }

    /// The stored form reads back as the same record, and replaying it after the policy changed
    /// says which version decided and what the change does to the decision.
    @Test func storedRecordReplaysAgainstChangedRules() async throws {
        let rules = try TemporaryRules(["policies/r.lua": policySource(id: "r")])
        let first = try #require(await rules.engine().coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        let stored = try RuleEvaluationRecord(json: JSON.parse(data: first.record.json.serializedData()))
        #expect(stored.policyVersion == first.record.policyVersion)
        #expect(stored.input == first.record.input)
        #expect(stored.decision == first.record.decision)
        #expect(stored.output == first.record.output)
        #expect(abs(stored.evaluatedAt.timeIntervalSince(first.record.evaluatedAt)) < 1)

        let same = try await rules.engine().replay(stored)
        #expect(same.sameVersion && same.sameDecision)

        try rules.write("policies/r.lua", policySource(
            id: "r", coverage: #"function(req) return { covered = "covered", pa_needed = "auth-needed", note = "now" } end"#))
        let changed = try await rules.engine().replay(stored)
        #expect(!changed.sameVersion)
        #expect(changed.decisionChanges == [
            #"decision.pa_needed: "no-auth" → "auth-needed""#, #"decision.note: added "now""#,
        ])
    }

    @Test(arguments: [
        (JSON.array([]), "must be a JSON object"),
        (["function": "coverage", "input": [:]], "no \"policy\" string"),
        (["policy": "r", "function": "coverage"], "no \"input\""),
        (["policy": "r", "function": "coverage", "input": [:], "error": ["kind": "odd", "message": "x"]], "known kind"),
        (["policy": "r", "function": "coverage", "input": [:], "evaluated_at": "yesterday"], "not an ISO 8601 time"),
    ] as [(JSON, String)])
    func malformedRecordsAreRefused(json: JSON, expected: String) {
        #expect {
            try RuleEvaluationRecord(json: json)
        } throws: { error in
            (error as? RuleRecordFormatError)?.description.contains(expected) == true
        }
    }

    @Test func unknownPolicyOrFunctionIsAnEngineError() async throws {
        let rules = try TemporaryRules(["policies/r.lua": policySource(id: "r")])
        let engine = try rules.engine()
        #expect(await engine.evaluate(function: "coverage", policyID: "missing", input: [:]).error?.kind == .engine)
        #expect(await engine.evaluate(function: "explode", policyID: "r", input: [:]).error?.kind == .engine)
    }

    @Test func summaryListsWhatThePolicyDeclares() throws {
        let rules = try TemporaryRules([
            "policies/s.lua": policySource(
                id: "s", codes: ["1", "2"],
                extra: #"plans = { "p1" }, lines_of_business = { "medicaid" }, questionnaire = "http://q", auto_deny = true, link = "http://l","#,
                adjudicate: "function() end")
        ])
        let summary = try #require(try rules.engine().policies.first)
        #expect(summary.id == "s")
        #expect(summary.title == "Test policy s")
        #expect(summary.services == [service("1"), service("2")])
        #expect(summary.plans == ["p1"])
        #expect(summary.linesOfBusiness == ["medicaid"])
        #expect(summary.questionnaire == "http://q")
        #expect(summary.link == "http://l")
        #expect(summary.autoDeny)
        #expect(summary.functions == [.coverage, .adjudicate])
    }
}
