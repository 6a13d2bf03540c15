import Foundation
import Testing

@testable import CaseStore

/// Opening cases: receipt and due times, items, and idempotency.
struct IntakeTests {
    @Test func intakeStoresTheCaseItsItemsAndAnEvent() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        let result = try await t.store.openCase(Fixtures.intake(items: 2))
        #expect(result.created)
        #expect(result.paCase.status == .received)
        #expect(result.paCase.receivedAt == Dates.mondayMorning)
        #expect(result.paCase.dueAt == Dates.mondayMorning.addingTimeInterval(7 * Dates.day))
        #expect(result.paCase.escalation == EscalationLevel.none)
        #expect(result.items.map(\.sequence) == [1, 2])
        #expect(result.items[0].quantity == Quantity(value: "1.50", unit: "visits"))  // decimals kept exactly

        #expect(try await t.store.paCase(id: result.paCase.id) == result.paCase)
        #expect(try await t.store.items(caseID: result.paCase.id) == result.items)
        let events = try await t.store.events(caseID: result.paCase.id)
        #expect(events.map(\.kind) == [.intake])
        #expect(events[0].actor == "org-clinic-1")
        #expect(events[0].after?.contains(#""dueAt":"2026-04-13T14:00:00.000Z""#) == true)
    }

    /// The rules' answers go in with the case, in one transaction: nobody sees the case
    /// without them, a refused decision leaves no case, and a duplicate changes nothing.
    @Test func aCaseOpensWithItsRuleDecisions() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let decisions: [Int: ItemDecision] = [1: ItemDecision(.certified), 2: ItemDecision(.pended, note: "Needs a reviewer.")]
        let opened = try await t.store.openCase(Fixtures.intake(items: 2), decisions: decisions, decidedBy: "rules")
        #expect(opened.created)
        #expect(opened.items.map(\.reviewAction) == [.certified, .pended])
        #expect(try await t.store.items(caseID: opened.paCase.id) == opened.items)
        #expect(try await t.store.events(caseID: opened.paCase.id).map(\.kind).prefix(3) == [.intake, .decision, .decision])

        let again = try await t.store.openCase(
            Fixtures.intake(items: 2), decisions: [1: ItemDecision(.cancelled), 2: ItemDecision(.certified)], decidedBy: "rules")
        #expect(!again.created)
        #expect(again.items.map(\.reviewAction) == [.certified, .pended])

        await #expect(throws: CaseStoreError(.denialWithoutReason, "")) {
            try await t.store.openCase(
                Fixtures.intake(identifier: "req-denied"), decisions: [1: ItemDecision(.notCertified)], decidedBy: "rules")
        }
        #expect(try await t.store.paCase(
            submitter: "org-clinic-1", requestIdentifier: RequestIdentifier(system: "urn:ietf:rfc:3986", value: "req-denied")) == nil)
    }

    @Test func expeditedIntakeIsDueIn72Hours() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let result = try await t.store.openCase(Fixtures.intake(urgency: .expedited))
        #expect(result.paCase.dueAt.timeIntervalSince(result.paCase.receivedAt) == 72 * Dates.hour)
    }

    @Test func aStandardRequestReceivedBeforeSpringForwardIsDueAtTheEarlierReading() async throws {
        let t = try TestStore(at: Dates.at("2026-03-05T10:00:00-05:00"))
        defer { t.removeFiles() }
        let result = try await t.store.openCase(Fixtures.intake())
        #expect(result.paCase.dueAt == Dates.at("2026-03-12T10:00:00-04:00"))
        // Read back from the file, not just from the returned value.
        #expect(try await t.reopen().paCase(id: result.paCase.id)?.dueAt == Dates.at("2026-03-12T10:00:00-04:00"))
    }

    @Test func aStandardRequestReceivedBeforeFallBackIsDueAtTheEarlierReading() async throws {
        let t = try TestStore(at: Dates.at("2026-10-29T10:00:00-04:00"))
        defer { t.removeFiles() }
        let result = try await t.store.openCase(Fixtures.intake())
        #expect(result.paCase.dueAt == Dates.at("2026-11-05T09:00:00-05:00"))
    }

    @Test func sameSubmitterAndIdentifierOpensOneCase() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        let first = try await t.store.openCase(Fixtures.intake())
        t.time.advance(by: Dates.hour)
        let second = try await t.store.openCase(Fixtures.intake())
        #expect(first.created)
        #expect(!second.created)
        #expect(second.paCase == first.paCase)  // same receipt time: the clock did not restart
        #expect(second.items == first.items)
        #expect(try await t.store.counts()["pa_case"] == 1)
        #expect(try await t.store.events(caseID: first.paCase.id).count == 1)
        #expect(
            try await t.store.paCase(
                submitter: "org-clinic-1",
                requestIdentifier: RequestIdentifier(system: "urn:ietf:rfc:3986", value: "req-0001")
            )
                == first.paCase
        )
    }

    @Test func anotherSubmitterWithTheSameIdentifierOpensAnotherCase() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        let first = try await t.store.openCase(Fixtures.intake(submitter: "org-clinic-1"))
        let second = try await t.store.openCase(Fixtures.intake(submitter: "org-clinic-2"))
        #expect(first.created && second.created)
        #expect(first.paCase.id != second.paCase.id)
        #expect(try await t.store.counts()["pa_case"] == 2)
    }

    @Test func concurrentDuplicatesOpenExactlyOneCase() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let store = t.store

        let results = try await withThrowingTaskGroup(of: CaseIntakeResult.self) { group in
            for _ in 0..<20 {
                group.addTask { try await store.openCase(Fixtures.intake(items: 3)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 20)
        #expect(Set(results.map(\.paCase.id)).count == 1)
        #expect(results.filter(\.created).count == 1)
        let counts = try await store.counts()
        #expect(counts["pa_case"] == 1)
        #expect(counts["case_item"] == 3)
        #expect(counts["case_event"] == 1)
    }

    @Test func duplicatesThroughTwoConnectionsToTheSameFileOpenOneCase() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let second = try t.reopen()  // another writer on the same file, as another process would be
        defer { try? second.close() }
        let stores = [t.store, second]

        let results = try await withThrowingTaskGroup(of: CaseIntakeResult.self) { group in
            for index in 0..<20 {
                let store = stores[index % 2]
                group.addTask { try await store.openCase(Fixtures.intake()) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.paCase.id)).count == 1)
        #expect(results.filter(\.created).count == 1)
        #expect(try await second.counts()["pa_case"] == 1)
    }

    @Test func malformedIntakesAreRefused() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        var noItems = Fixtures.intake()
        noItems.items = []
        await expectError(.invalidIntake) { _ = try await t.store.openCase(noItems) }

        var duplicateSequence = Fixtures.intake(items: 2)
        duplicateSequence.items[1].sequence = 1
        await expectError(.invalidIntake) { _ = try await t.store.openCase(duplicateSequence) }

        var badQuantity = Fixtures.intake()
        badQuantity.items[0].quantity = Quantity(value: "1,5")
        await expectError(.invalidIntake) { _ = try await t.store.openCase(badQuantity) }

        var noIdentifier = Fixtures.intake()
        noIdentifier.requestIdentifier = RequestIdentifier(value: "")
        await expectError(.invalidIntake) { _ = try await t.store.openCase(noIdentifier) }

        #expect(try await t.store.counts()["pa_case"] == 0)
    }

    @Test func theReviewQueueIsOrderedByEffectiveDueTime() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        let standardEarly = try await t.store.openCase(Fixtures.intake(identifier: "a")).paCase
        t.time.advance(by: Dates.hour)
        let expedited = try await t.store.openCase(Fixtures.intake(identifier: "b", urgency: .expedited)).paCase
        t.time.advance(by: Dates.hour)
        let standardLate = try await t.store.openCase(Fixtures.intake(identifier: "c")).paCase
        let decided = try await t.store.openCase(Fixtures.intake(identifier: "d", urgency: .expedited)).paCase
        try await t.store.recordDecision(
            caseID: decided.id,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "rules"
        )

        #expect(try await t.store.openCases().map(\.id) == [expedited.id, standardEarly.id, standardLate.id])

        // Extending the earliest standard case moves it behind the later one.
        try await t.store.extendDueTime(
            caseID: standardEarly.id,
            DueTimeExtensionRequest(days: 3, reason: "Awaiting records", actor: "reviewer-1")
        )
        #expect(try await t.store.openCases().map(\.id) == [expedited.id, standardLate.id, standardEarly.id])
        #expect(try await t.store.openCases(limit: 1).map(\.id) == [expedited.id])
        #expect(try await t.store.cases(memberID: "M1001").count == 4)
    }
}
