import Foundation
import GRDB
import Testing

@testable import CaseStore

/// CRD's part of the store: hook calls with their assertions, feedback, member identifiers.
@Suite struct CoverageRequirementsStoreTests {
    func call(_ instance: String = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", patient: String? = "M1001", at: Date = Dates.mondayMorning) -> HookCall {
        HookCall(
            hookInstance: instance, hook: "order-sign", serviceID: "greenlight-order-sign", clientID: "demo-ehr",
            patientID: patient, receivedAt: at, durationMilliseconds: 7, status: 200,
            prefetchJSON: #"[{"key":"coverage","source":"prefetch"}]"#, ruleVersionsJSON: #"{"lumbar-spine-mri":"abc"}"#,
            assertionIDs: ["crd-1"], requestJSON: #"{"hook":"order-sign"}"#, responseJSON: #"{"cards":[]}"#)
    }

    func assertion(_ id: String = "crd-1", order: String, member: String? = "M1001") -> CoverageAssertion {
        CoverageAssertion(
            id: id, orderReference: order, hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", hook: "order-sign",
            clientID: "demo-ehr", memberID: member, coverageID: "cov-1", clientCoverageReference: "Coverage/COV1",
            payerID: "payer-1", serviceSystem: "http://www.ama-assn.org/go/cpt", serviceCode: "72148",
            covered: "conditional", paNeeded: "auth-needed",
            questionnaires: ["http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"],
            policyID: "lumbar-spine-mri", policyVersion: "abc", extensionJSON: #"{"url":"x"}"#,
            evaluationJSON: #"{"policy":"lumbar-spine-mri"}"#, createdAt: Dates.mondayMorning, expiresOn: "2026-06-05")
    }

    @Test func aCallAndItsAssertionsAreStoredTogether() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let first = assertion(order: "ServiceRequest/1"), second = assertion(order: "ServiceRequest/2")
        let id = try await test.store.recordHookCall(call(), assertions: [first, second])
        #expect(id > 0)
        #expect(try await test.store.coverageAssertions(id: "crd-1") == [first, second])
        #expect(try await test.store.coverageAssertions(id: "crd-unknown").isEmpty)
        #expect(try await test.store.coverageAssertions(memberID: "M1001", limit: 10).count == 2)

        // After a restart, still there.
        let reopened = try test.reopen()
        let calls = try await reopened.hookCalls(HookCallQuery(hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"))
        var expected = call()
        expected.id = id
        #expect(calls == [expected])
    }

    /// A failing assertion insert (the same id and order twice) leaves no half-written call.
    @Test func aFailedWriteStoresNothing() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let row = assertion(order: "ServiceRequest/1")
        await #expect(throws: (any Error).self) {
            try await test.store.recordHookCall(call(), assertions: [row, row])
        }
        #expect(try await test.store.hookCalls(HookCallQuery()).isEmpty)
        #expect(try await test.store.coverageAssertions(id: "crd-1").isEmpty)
    }

    /// A call logged with its JWT id: the id is then used; logging another call with the same
    /// id fails as a replay and keeps nothing of that call.
    @Test func aCallClaimsItsTokenIDAndAReplayKeepsNothing() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let claim = TokenIDClaim(issuer: "demo-ehr", jti: "jti-1", keepUntil: Dates.mondayMorning.addingTimeInterval(600))
        try await test.store.recordHookCall(call("first"), assertions: [assertion(order: "ServiceRequest/1")], claiming: claim)
        #expect(try await !test.store.claimTokenID("jti-1", issuer: "demo-ehr", expiresAt: claim.keepUntil))
        await #expect(throws: CaseStoreError(.tokenIDAlreadyUsed, "")) {
            try await test.store.recordHookCall(call("second"), assertions: [assertion("crd-2", order: "ServiceRequest/1")], claiming: claim)
        }
        #expect(try await test.store.hookCalls(HookCallQuery()).map(\.hookInstance) == ["first"])
        #expect(try await test.store.coverageAssertions(id: "crd-2").isEmpty)
        // Another issuer's id of the same value is another id.
        let other = TokenIDClaim(issuer: "other-ehr", jti: "jti-1", keepUntil: claim.keepUntil)
        try await test.store.recordHookCall(call("third"), assertions: [], claiming: other)
    }

    /// Concurrent calls share transactions (group commit); one that fails is rolled back alone.
    @Test func concurrentCallsCommitTogetherAndFailAlone() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let store = test.store
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    let row = self.assertion("crd-\(index)", order: "ServiceRequest/\(index)")
                    // Call 7 carries the same assertion twice: its write must fail, alone.
                    let rows = index == 7 ? [row, row] : [row]
                    return (try? await store.recordHookCall(self.call("instance-\(index)"), assertions: rows)) != nil
                }
            }
            var outcomes: [Bool] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(results.filter { $0 }.count == 59)
        let calls = try await store.hookCalls(HookCallQuery(limit: 100))
        #expect(calls.count == 59)
        #expect(!calls.contains { $0.hookInstance == "instance-7" })
        #expect(try await store.coverageAssertions(id: "crd-7").isEmpty)
        #expect(try await store.coverageAssertions(id: "crd-8").count == 1)
    }

    @Test func callsAreListedNewestFirstAndFiltered() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        for (index, patient) in ["M1", "M2", "M1"].enumerated() {
            try await test.store.recordHookCall(
                call("instance-\(index)", patient: patient, at: Dates.mondayMorning.addingTimeInterval(Double(index) * 60)),
                assertions: [])
        }
        let all = try await test.store.hookCalls(HookCallQuery())
        #expect(all.map(\.hookInstance) == ["instance-2", "instance-1", "instance-0"])
        #expect(try await test.store.hookCalls(HookCallQuery(patientID: "M1")).map(\.hookInstance) == ["instance-2", "instance-0"])
        #expect(try await test.store.hookCalls(HookCallQuery(limit: 1)).count == 1)
        let since = Dates.mondayMorning.addingTimeInterval(30)
        #expect(try await test.store.hookCalls(HookCallQuery(since: since)).count == 2)
        #expect(try await test.store.hookCalls(HookCallQuery(hook: "appointment-book")).isEmpty)
    }

    @Test func feedbackIsKeptOnce() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let accepted = HookFeedback(
            serviceID: "greenlight-order-sign", clientID: "demo-ehr", card: "card-1", outcome: "accepted",
            outcomeTimestamp: "2026-04-06T14:00:00Z", acceptedSuggestions: ["s-1"], receivedAt: Dates.mondayMorning)
        #expect(try await test.store.recordHookFeedback([accepted]) == 1)
        #expect(try await test.store.recordHookFeedback([accepted]) == 0)
        var overridden = accepted
        overridden.outcome = "overridden"
        overridden.acceptedSuggestions = []
        overridden.overrideReasonJSON = #"{"code":"not-relevant"}"#
        #expect(try await test.store.recordHookFeedback([overridden, accepted]) == 1)
        #expect(try await test.store.hookFeedback(card: "card-1") == [accepted, overridden])
    }

    /// The fixtures' payer, plan and member, with their coverage under subscriber id `SUB-1`.
    @discardableResult
    static func seedMember(_ test: TestStore, coverageJSON: String? = nil) async throws -> MemberCoverage {
        try await test.store.upsertPayer(Fixtures.payer)
        try await test.store.upsertPlan(Fixtures.plan)
        try await test.store.upsertMember(Fixtures.member)
        var coverage = Fixtures.coverage
        coverage.subscriberID = "SUB-1"
        if let coverageJSON { coverage.coverageJSON = coverageJSON }
        try await test.store.upsertCoverage(coverage)
        return coverage
    }

    /// An EHR's Coverage names the member by subscriber id or by a Coverage.identifier value;
    /// both find our coverage, and changing the coverage keeps the index right.
    @Test func membersAreFoundByAnyOfTheirIdentifiers() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        var coverage = try await Self.seedMember(
            test, coverageJSON: #"{"resourceType":"Coverage","identifier":[{"value":"MB-777"},{"system":"x"}]}"#)
        #expect(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"]).coverages.map(\.id) == ["cov-1"])
        #expect(try await test.store.memberRecords(memberIdentifiers: ["MB-777"]).coverages.map(\.id) == ["cov-1"])
        #expect(try await test.store.memberRecords(memberIdentifiers: ["MB-777", "SUB-1"]).coverages.map(\.id) == ["cov-1"])
        #expect(try await test.store.memberRecords(memberIdentifiers: ["nobody"]) == MemberRecords())
        #expect(try await test.store.memberRecords(memberIdentifiers: []) == MemberRecords())

        coverage.subscriberID = "SUB-2"
        coverage.coverageJSON = "not json"
        try await test.store.upsertCoverage(coverage)
        #expect(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"]).coverages.isEmpty)
        #expect(try await test.store.memberRecords(memberIdentifiers: ["MB-777"]).coverages.isEmpty)
        #expect(try await test.store.memberRecords(memberIdentifiers: ["SUB-2"]).coverages.map(\.id) == ["cov-1"])
    }

    /// One read gives the member and their cases, newest first, each with its items in order;
    /// another member's cases stay out.
    @Test func memberRecordsCarryTheMembersCasesAndItems() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        try await Self.seedMember(test)
        let first = try await test.store.openCase(Fixtures.intake(identifier: "req-1", items: 2))
        test.time.advance(by: Dates.hour)
        let second = try await test.store.openCase(Fixtures.intake(identifier: "req-2", items: 3))
        _ = try await test.store.openCase(Fixtures.intake(identifier: "req-3", memberID: "M-other"))

        let records = try await test.store.memberRecords(memberIdentifiers: ["SUB-1"])
        #expect(records.members == ["M1001": Fixtures.member])
        let cases = try #require(records.cases["M1001"])
        #expect(cases.map(\.paCase.id) == [second.paCase.id, first.paCase.id])
        #expect(cases[0].items == second.items)
        #expect(cases[1].items.map(\.sequence) == [1, 2])
        #expect(records.cases.count == 1)
    }

    /// With a limit, only the most recent cases come, with their items and no others'.
    @Test func memberRecordsCanStopAtTheMostRecentCases() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        try await Self.seedMember(test)
        _ = try await test.store.openCase(Fixtures.intake(identifier: "req-1", items: 2))
        test.time.advance(by: Dates.hour)
        let newest = try await test.store.openCase(Fixtures.intake(identifier: "req-2", items: 3))

        let limited = try await test.store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 1, withRequests: true)
        #expect(limited.cases["M1001"]?.map(\.paCase.id) == [newest.paCase.id])
        #expect(limited.cases["M1001"]?.first?.items == newest.items)
        #expect(limited.cases["M1001"]?.first?.paCase == newest.paCase)
        #expect(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 0, withRequests: true).cases["M1001"] == [])
        #expect(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"]).cases["M1001"]?.count == 2)

        // The history read leaves the request Bundles out, and nothing else.
        let history = try #require(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 1, withRequests: false)
            .cases["M1001"]?.first?.paCase)
        #expect(history.requestJSON.isEmpty && !newest.paCase.requestJSON.isEmpty)
        var expected = newest.paCase
        expected.requestJSON = ""
        #expect(history == expected)
    }

    /// Cases received in the same millisecond: the limit keeps the later id (the order
    /// `received_at DESC, id DESC`), and the case it leaves out lends it none of its items.
    @Test func theLimitCutsBetweenCasesOfTheSameMoment() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        try await Self.seedMember(test)
        let one = try await test.store.openCase(Fixtures.intake(identifier: "req-1", items: 2))
        let other = try await test.store.openCase(Fixtures.intake(identifier: "req-2", items: 3))
        #expect(one.paCase.receivedAt == other.paCase.receivedAt)
        let (kept, left) = one.paCase.id > other.paCase.id ? (one, other) : (other, one)

        let limited = try #require(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 1, withRequests: false)
            .cases["M1001"])
        #expect(limited.map(\.paCase.id) == [kept.paCase.id])
        #expect(limited.first?.items == kept.items)
        let both = try #require(try await test.store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 2, withRequests: false)
            .cases["M1001"])
        #expect(both.map(\.paCase.id) == [kept.paCase.id, left.paCase.id])
        #expect(both.map(\.items) == [kept.items, left.items])
    }

    /// The history read runs on every hook call and submission: each of its statements goes
    /// down an index, and none sorts in a temporary B-tree (the member's cases once were, all
    /// of them, on every read).
    @Test func theHistoryReadUsesIndexesOnly() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            for sql in [MemberHistorySQL.coverages, MemberHistorySQL.member, MemberHistorySQL.cases,
                MemberHistorySQL.casesWithoutRequests, MemberHistorySQL.items]
            {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: StatementArguments(Array(repeating: "x", count: sql.count { $0 == "?" })))
                    .map { $0["detail"] as String }
                #expect(!plan.isEmpty && plan.allSatisfy { $0.hasPrefix("SEARCH") }, "\(sql): \(plan)")
            }
        }
    }
}
