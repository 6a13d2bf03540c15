import Foundation
import GRDB
import Testing

@testable import CaseStore

/// Claim Updates in the store: versions, item changes, the clock of re-opened cases, refusals.
struct CaseUpdateTests {
    static let trace = RequestIdentifier(system: "http://example.org/PATIENT_EVENT_TRACE_NUMBER", value: "111099")

    /// A two-item case whose Claim carries the trace number ``trace``.
    static func open(_ t: TestStore, submitter: String = "org-clinic-1") async throws -> PACase {
        var intake = Fixtures.intake(submitter: submitter, items: 2)
        intake.claimIdentifiers = [trace]
        return try await t.store.openCase(intake).paCase
    }

    static func update(
        _ paCase: PACase, identifier: String = "upd-1", cancelAll: Bool = false, _ items: [CaseUpdate.Item]
    ) -> CaseUpdate {
        CaseUpdate(
            caseID: paCase.id, submitter: paCase.submitter, requestIdentifier: RequestIdentifier(value: identifier),
            claimIdentifiers: [RequestIdentifier(system: trace.system, value: "111099-\(identifier)")],
            requestJSON: #"{"resourceType":"Bundle","identifier":{"value":"\#(identifier)"}}"#,
            cancelsWholeRequest: cancelAll, items: items)
    }

    static func item(_ sequence: Int, _ change: CaseUpdate.ItemChange, code: String? = nil) -> CaseUpdate.Item {
        CaseUpdate.Item(
            sequence: sequence, change: change,
            service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: code ?? "7214\(sequence)"))
    }

    @Test func anUpdateIsFoundByTheClaimItReplaces() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        #expect(try await t.store.cases(submitter: "org-clinic-1", claimIdentifiers: [Self.trace]).map(\.id) == [paCase.id])
        #expect(try await t.store.cases(submitter: "org-other", claimIdentifiers: [Self.trace]).isEmpty)
        #expect(try await t.store.cases(submitter: "org-clinic-1", claimIdentifiers: []).isEmpty)

        _ = try await t.store.updateCase(
            Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .unchanged)]), decisions: [:], decidedBy: "rules",
            notify: nil)
        // The update's own Claim names the case for the next update; its identifier for duplicates.
        let next = RequestIdentifier(system: Self.trace.system, value: "111099-upd-1")
        #expect(try await t.store.cases(submitter: "org-clinic-1", claimIdentifiers: [next]).map(\.id) == [paCase.id])
        #expect(try await t.store.paCase(submitter: "org-clinic-1", requestIdentifier: RequestIdentifier(value: "upd-1"))?.id == paCase.id)
    }

    @Test func itemsAreCancelledChangedAndAddedWithAnEventEach() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        try await t.store.recordDecisions(caseID: paCase.id, decisions: [1: Fixtures.approve, 2: Fixtures.approve], actor: "rev")
        t.time.advance(by: Dates.hour)

        let update = Self.update(paCase, [Self.item(1, .changed, code: "72148"), Self.item(2, .cancelled), Self.item(3, .added)])
        let result = try await t.store.updateCase(update, decisions: [1: Fixtures.approve], decidedBy: "rules", notify: nil)
        #expect(result.applied)
        #expect(result.version == 2)
        let items = result.detail.items
        #expect(items.map(\.sequence) == [1, 2, 3])
        #expect(items.map(\.reviewAction) == [.certified, .cancelled, nil])
        #expect(items[0].service.code == "72148")
        #expect(items[0].decidedBy == "rules")
        #expect(result.detail.paCase.status == .received || result.detail.paCase.status == .pended)
        #expect(result.detail.paCase.requestJSON.contains("upd-1"))

        let events = try await t.store.events(caseID: paCase.id)
        let kinds = events.map(\.kind)
        #expect(kinds.filter { $0 == .update }.count == 1)
        #expect(events.filter { $0.kind == .itemChanged }.map(\.itemSequence) == [1])
        #expect(events.filter { $0.kind == .itemCancelled }.map(\.itemSequence) == [2])
        #expect(events.filter { $0.kind == .itemAdded }.map(\.itemSequence) == [3])
        let versions = try await t.store.requestVersions(caseID: paCase.id)
        #expect(versions.map(\.kind) == [.initial, .update])
        #expect(versions[0].requestJSON.contains("req-0001"))
        #expect(versions[0].receivedAt == paCase.receivedAt)
    }

    @Test func aReopenedCaseKeepsItsDueTimeAndALateDecisionIsLate() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        try await t.store.recordDecisions(caseID: paCase.id, decisions: [1: Fixtures.approve, 2: Fixtures.approve], actor: "rev")
        #expect(try await t.store.paCase(id: paCase.id)?.onTime == true)
        t.time.advance(by: 6 * Dates.day)

        let update = Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .unchanged), Self.item(3, .added)])
        let reopened = try await t.store.updateCase(update, decisions: [:], decidedBy: "rules", notify: nil).detail.paCase
        #expect(reopened.status == .received || reopened.status == .pended)
        #expect(reopened.decidedAt == nil)
        #expect(reopened.onTime == nil)
        #expect(reopened.dueAt == paCase.dueAt)
        #expect(try await t.store.openCases().map(\.id) == [paCase.id])

        // Standard: 7 days from the original receipt, not from the update.
        t.time.advance(by: 2 * Dates.day)
        let decided = try await t.store.recordDecision(caseID: paCase.id, itemSequence: 3, decision: Fixtures.approve, actor: "rev")
        #expect(decided.paCase.status == .approved)
        #expect(decided.paCase.onTime == false)
        #expect(decided.items[2].onTime == false)
    }

    @Test func theWholeRequestCanBeWithdrawnAndThenNothingMore() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        let result = try await t.store.updateCase(
            Self.update(paCase, cancelAll: true, []), decisions: [:], decidedBy: "rules", notify: nil)
        #expect(result.detail.items.allSatisfy { $0.reviewAction == .cancelled })
        #expect(result.detail.paCase.status == .cancelled)
        #expect(try await t.store.requestVersions(caseID: paCase.id).last?.kind == .cancel)
        await expectError(.updateRefused) {
            _ = try await t.store.updateCase(
                Self.update(paCase, identifier: "upd-2", [Self.item(1, .unchanged), Self.item(2, .unchanged)]),
                decisions: [:], decidedBy: "rules", notify: nil)
        }
    }

    @Test func deniedRequestsAndDeniedItemsCannotBeChanged() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        try await t.store.recordDecisions(caseID: paCase.id, decisions: [1: Fixtures.deny], actor: "rev")
        do {
            _ = try await t.store.updateCase(
                Self.update(paCase, [Self.item(1, .changed), Self.item(2, .unchanged)]), decisions: [:], decidedBy: "rules",
                notify: nil)
            Issue.record("a denied item was changed")
        } catch let error as CaseStoreError {
            #expect(error.code == .updateRefused)
            #expect(error.itemSequence == 1)
        }
        try await t.store.recordDecisions(caseID: paCase.id, decisions: [2: Fixtures.deny], actor: "rev")
        await expectError(.updateRefused) {
            _ = try await t.store.updateCase(
                Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .cancelled)]), decisions: [:], decidedBy: "rules",
                notify: nil)
        }
        #expect(try await t.store.requestVersions(caseID: paCase.id).count == 1)
    }

    @Test func updatesThatDoNotFitTheCaseAreRefusedNamingTheItem() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        let misfits: [([CaseUpdate.Item], Int)] = [
            ([Self.item(1, .unchanged)], 2),  // item 2 missing
            ([Self.item(1, .unchanged), Self.item(2, .added)], 2),  // added twice
            ([Self.item(1, .unchanged), Self.item(2, .unchanged), Self.item(3, .changed)], 3),  // never sent
        ]
        for (items, sequence) in misfits {
            do {
                _ = try await t.store.updateCase(Self.update(paCase, items), decisions: [:], decidedBy: "rules", notify: nil)
                Issue.record("accepted \(items)")
            } catch let error as CaseStoreError {
                #expect(error.code == .invalidUpdate)
                #expect(error.itemSequence == sequence)
            }
        }
        var stranger = Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .unchanged)])
        stranger.submitter = "org-other"
        await expectError(.caseNotFound) {
            _ = try await t.store.updateCase(stranger, decisions: [:], decidedBy: "rules", notify: nil)
        }
        #expect(try await t.store.events(caseID: paCase.id).map(\.kind) == [.intake])
    }

    @Test func theSameUpdateAgainChangesNothing() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        let update = Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .cancelled)])
        let first = try await t.store.updateCase(update, decisions: [:], decidedBy: "rules", notify: nil)
        let second = try await t.store.updateCase(update, decisions: [:], decidedBy: "rules", notify: nil)
        #expect(first.applied)
        #expect(!second.applied)
        #expect(second.version == first.version)
        #expect(second.detail == first.detail)
        #expect(try await t.store.events(caseID: paCase.id).filter { $0.kind == .update }.count == 1)
    }

    @Test func requestVersionsAreAppendOnly() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let paCase = try await Self.open(t)
        #expect(try await t.store.requestVersions(caseID: paCase.id).map(\.version) == [1])
        _ = try await t.store.updateCase(
            Self.update(paCase, [Self.item(1, .unchanged), Self.item(2, .unchanged)]), decisions: [:], decidedBy: "rules",
            notify: nil)
        let queue = try DatabaseQueue(path: t.path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE case_request SET request_json = '{}'") }
        }
    }
}
