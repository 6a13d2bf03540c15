import FHIR
import Foundation
import Testing
@testable import Rules

/// Records hold what the policy read: deferred members it never read (FHIR resources, the
/// member's history) are left out and listed under `unread`; replaying such a record on a
/// policy that reads one stops with an error naming it.
@Suite struct UnreadInputTests {
    static let request: JSON = [
        "today": "2026-11-23",
        "service": ["system": .string(testSystem), "code": "99999"],
        "patient": ["id": "p1", "age": 70, "resource": ["resourceType": "Patient", "gender": "female"]],
        "coverage": ["id": "c1", "resource": ["resourceType": "Coverage", "status": "active"]],
        "member": [
            "id": "m1",
            "prior_authorizations": [["service": ["code": "72148"], "status": "certified"]],
        ],
        "documents": [["resource": ["resourceType": "DocumentReference", "status": "current"]]],
        // Not deferred: empty, or not the kind deferred under that name.
        "order": ["resource": [:], "prior_authorizations": ["n": 1]],
    ]

    static func record(_ body: String) async throws -> RuleEvaluationRecord {
        let rules = try TemporaryRules(["policies/p.lua": policyRunning(id: "p", body)])
        return try #require(await rules.engine().coverage(Self.request, service: service(), plan: nil, lineOfBusiness: nil)).record
    }

    @Test func whatIsNotReadIsLeftOutAndListed() async throws {
        let record = try await Self.record("local age = req.patient.age")
        #expect(record.error == nil)
        #expect(record.unread == [
            "coverage.resource", "documents[0].resource", "member.prior_authorizations", "patient.resource",
        ])
        #expect(record.input["patient"] == ["id": "p1", "age": 70])
        #expect(record.input["member"] == ["id": "m1"])
        #expect(record.input["documents"] == [[:]])
        #expect(record.input["order"] == Self.request["order"])
        #expect(record.json["unread"]?.array?.count == 4)
    }

    @Test func whatIsReadIsKept() async throws {
        let record = try await Self.record("""
            local g = req.patient.resource.gender
            local n = #req.member.prior_authorizations
            for _ in pairs(req.coverage) do end
            """)
        #expect(record.unread == ["documents[0].resource"])
        #expect(record.input["patient"] == Self.request["patient"])
        #expect(record.input["member"] == Self.request["member"])
        #expect(record.input["coverage"] == Self.request["coverage"])
    }

    /// A failed run keeps its input whole: what it read before failing is not known.
    @Test func aFailedRunKeepsTheWholeInput() async throws {
        let record = try await Self.record("error('broken')")
        #expect(record.error != nil)
        #expect(record.unread.isEmpty)
        #expect(record.input == Self.request)
    }

    /// The stored form, read back and replayed: the same version gives the same decision
    /// without the members; a version that reads one stops with an error naming it.
    @Test func replayingTrapsTheMembersTheRecordDoesNotHold() async throws {
        let rules = try TemporaryRules(["policies/p.lua": policyRunning(id: "p", "local age = req.patient.age")])
        let first = try #require(await rules.engine().coverage(Self.request, service: service(), plan: nil, lineOfBusiness: nil))
        let stored = try RuleEvaluationRecord(json: JSON.parse(data: first.record.json.serializedData()))
        #expect(stored.unread == first.record.unread)
        #expect(stored.input == first.record.input)

        let same = try await rules.engine().replay(stored)
        #expect(same.sameVersion && same.sameDecision)
        #expect(same.replayed.unread == stored.unread)

        try rules.write("policies/p.lua", policyRunning(id: "p", "local n = #req.member.prior_authorizations"))
        let reading = try await rules.engine().replay(stored)
        #expect(!reading.sameDecision)
        let message = try #require(reading.replayed.error?.message)
        #expect(message.contains("the record does not hold member.prior_authorizations"))

        // A version that walks the parent reads everything in it.
        try rules.write("policies/p.lua", policyRunning(id: "p", "for _ in pairs(req.patient) do end"))
        #expect(try await rules.engine().replay(stored).replayed.error?.message.contains("patient.resource") == true)
    }

    @Test func malformedUnreadListsAreRefused() {
        #expect(throws: RuleRecordFormatError.self) {
            try RuleEvaluationRecord(json: ["policy": "p", "function": "coverage", "input": [:], "unread": ["", "a..b"]])
        }
        #expect(throws: RuleRecordFormatError.self) {
            try RuleEvaluationRecord(json: ["policy": "p", "function": "coverage", "input": [:], "unread": [1]])
        }
    }

    @Test(arguments: [
        ("patient.resource", [InputPath.Step.key("patient"), .key("resource")]),
        ("documents[0].resource", [.key("documents"), .index(0), .key("resource")]),
        ("a[1][2]", [.key("a"), .index(1), .index(2)]),
    ])
    func pathsReadBackAsWritten(_ text: String, _ steps: [InputPath.Step]) {
        #expect(InputPath.steps(text) == steps)
        #expect(InputPath.text(steps) == text)
    }

    @Test func pathsNobodyCouldWriteAreRefused() {
        for text in ["", ".a", "a.", "a..b", "a[", "a[x]", "a[-1]", "[0]b]"] {
            #expect(InputPath.steps(text) == nil, "\(text)")
        }
        #expect(InputPath.text([.key("a.b")]) == nil)
        #expect(removing(["a.b"], from: ["a": ["b": 1, "c": 2]]) == ["a": ["c": 2]])
        #expect(removing(["a[1].b"], from: ["a": [["b": 1], ["b": 2]]]) == ["a": [["b": 1], [:]]])
        #expect(removing(["x.y", "a[0]", "a[5].b"], from: ["a": [1]]) == ["a": [1]])
        #expect(removing(["a.b", "a.c.d", "e", "f[0].g"], from: ["a": ["b": 1, "c": ["d": 2, "k": 3]], "e": 4, "f": [["g": 5]]])
            == ["a": ["c": ["k": 3]], "f": [[:]]])
    }

    /// The paths as records write them.
    private func removing(_ paths: [String], from value: JSON) -> JSON {
        InputPath.removing(paths.compactMap(InputPath.steps), from: value)
    }
}
