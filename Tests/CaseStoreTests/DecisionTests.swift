import Foundation
import Testing

@testable import CaseStore

/// Recording review actions: the denial-reason rule, status roll-up, and refusals.
struct DecisionTests {
    @Test(arguments: [ReviewAction.notCertified, .partiallyCertified, .modified])
    func aDenialWithoutAReasonIsRefusedAndNothingIsWritten(action: ReviewAction) async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake(items: 2))
        let caseID = opened.paCase.id

        let refused = [
            ItemDecision(action, reasonCodes: [], note: "Not medically necessary."),  // no code
            ItemDecision(action, reasonCodes: ["AT"], note: nil),  // code, no sentence
            ItemDecision(action, reasonCodes: ["AT"], note: ""),  // code, empty sentence
            ItemDecision(action, reasonCodes: ["AT"], note: "  \n "),  // code, blank sentence
            ItemDecision(action, reasonCodes: [" "], note: "Not medically necessary."),  // blank code
            ItemDecision(action, reasonCodes: ["AT", "\u{3000}\t"], note: "Not medically necessary."),  // one blank code
            ItemDecision(action, reasonCodes: ["AT"], note: "\u{00A0}\r\n"),  // no-break space and a newline
        ]
        for decision in refused {
            await expectError(.denialWithoutReason) {
                _ = try await t.store.recordDecisions(
                    caseID: caseID,
                    decisions: [1: Fixtures.approve, 2: decision],
                    actor: "reviewer-1"
                )
            }
        }

        // All or nothing: item 1's approval in the same call was not written either.
        #expect(try await t.store.items(caseID: caseID) == opened.items)
        #expect(try await t.store.paCase(id: caseID) == opened.paCase)
        #expect(try await t.store.events(caseID: caseID).map(\.kind) == [.intake])
    }

    @Test(arguments: [ReviewAction.notCertified, .partiallyCertified, .modified])
    func aDenialWithACodeAndASentenceIsRecorded(action: ReviewAction) async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id

        let decision = ItemDecision(
            action,
            reasonCodes: ["AT", "BE"],
            note: "Six weeks of physical therapy are not documented.",
            authorizedQuantity: action == .notCertified ? nil : Quantity(value: "0.75", unit: "visits")
        )
        let detail = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: decision,
            actor: "reviewer-1"
        )
        let item = try #require(detail.items.first)
        #expect(item.reviewAction == action)
        #expect(item.reasonCodes == ["AT", "BE"])
        #expect(item.note == "Six weeks of physical therapy are not documented.")
        #expect(try await t.store.items(caseID: caseID) == detail.items)
    }

    @Test func decisionsRollTheCaseStatusUpAndRecordEvents() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake(items: 2)).paCase.id

        var detail = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "rules"
        )
        #expect(detail.paCase.status == .pended)  // item 2 still undecided
        #expect(detail.paCase.decidedAt == nil)

        t.time.advance(by: Dates.hour)
        detail = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 2,
            decision: Fixtures.pend,
            actor: "rules"
        )
        #expect(detail.paCase.status == .pended)
        #expect(detail.items[1].status == .pended)
        #expect(detail.items[1].decidedAt == nil)  // A4 is not a decision for the clock

        t.time.advance(by: Dates.hour)
        detail = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 2,
            decision: Fixtures.deny,
            actor: "reviewer-1"
        )
        #expect(detail.paCase.status == .partiallyApproved)
        #expect(detail.paCase.decidedAt == Dates.mondayMorning.addingTimeInterval(2 * Dates.hour))
        #expect(detail.paCase.onTime == true)
        #expect(detail.items[1].decidedBy == "reviewer-1")
        #expect(try await t.store.paCase(id: caseID) == detail.paCase)

        let events = try await t.store.events(caseID: caseID)
        #expect(events.map(\.kind) == [.intake, .decision, .statusChange, .decision, .decision, .statusChange])
        #expect(events.map(\.id) == events.map(\.id).sorted())
        let lastDecision = events[4]
        #expect(lastDecision.itemSequence == 2)
        #expect(lastDecision.actor == "reviewer-1")
        #expect(lastDecision.before?.contains(#""reviewAction":"A4""#) == true)
        #expect(lastDecision.after?.contains(#""reviewAction":"A3""#) == true)
        #expect(events[5].before?.contains(#""status":"pended""#) == true)
        #expect(events[5].after?.contains(#""status":"partially-approved""#) == true)
    }

    @Test func wholeCaseDecisions() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }

        let approved = try await t.store.openCase(Fixtures.intake(identifier: "a", items: 2)).paCase.id
        #expect(
            try await t.store.recordDecisions(
                caseID: approved,
                decisions: [1: Fixtures.approve, 2: Fixtures.approve],
                actor: "rules"
            )
            .paCase.status == .approved
        )

        let denied = try await t.store.openCase(Fixtures.intake(identifier: "b", items: 2)).paCase.id
        #expect(
            try await t.store.recordDecisions(
                caseID: denied,
                decisions: [1: Fixtures.deny, 2: Fixtures.deny],
                actor: "reviewer-1"
            )
            .paCase.status == .denied
        )

        let cancelled = try await t.store.openCase(Fixtures.intake(identifier: "c", items: 2)).paCase.id
        let detail = try await t.store.recordDecisions(
            caseID: cancelled,
            decisions: [1: ItemDecision(.cancelled), 2: ItemDecision(.cancelled)],
            actor: "org-clinic-1"
        )
        #expect(detail.paCase.status == .cancelled)
        #expect(detail.paCase.isDecided)  // off the queue
    }

    @Test func cancelledItemsUnknownItemsAndUnknownCasesAreRefused() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake(items: 2)).paCase.id
        try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: ItemDecision(.cancelled),
            actor: "org-clinic-1"
        )

        await expectError(.itemCancelled) {
            try await t.store.recordDecision(
                caseID: caseID,
                itemSequence: 1,
                decision: Fixtures.approve,
                actor: "reviewer-1"
            )
        }
        await expectError(.itemNotFound) {
            try await t.store.recordDecision(
                caseID: caseID,
                itemSequence: 9,
                decision: Fixtures.approve,
                actor: "reviewer-1"
            )
        }
        await expectError(.caseNotFound) {
            try await t.store.recordDecision(
                caseID: "GL-NOPE",
                itemSequence: 1,
                decision: Fixtures.approve,
                actor: "reviewer-1"
            )
        }
        await expectError(.invalidDecision) {
            try await t.store.recordDecisions(caseID: caseID, decisions: [:], actor: "reviewer-1")
        }
        await expectError(.invalidDecision) {
            try await t.store.recordDecision(caseID: caseID, itemSequence: 2, decision: Fixtures.approve, actor: " ")
        }
        // The event holds the basis as JSON: text that is not a JSON object is refused, not written.
        var unreadable = Fixtures.approve
        unreadable.basis = #"{"policy":"lab-panels""#
        await expectError(.invalidDecision) {
            try await t.store.recordDecision(caseID: caseID, itemSequence: 2, decision: unreadable, actor: "rules")
        }
        #expect(try await t.store.items(caseID: caseID).allSatisfy { $0.decidedBy != "rules" })
    }

    @Test func aDecidedItemCanBeCorrectedButNotPendedAgain() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        let approved = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "rules"
        )

        await expectError(.invalidDecision) {
            try await t.store.recordDecision(
                caseID: caseID,
                itemSequence: 1,
                decision: Fixtures.pend,
                actor: "reviewer-1"
            )
        }
        t.time.advance(by: Dates.hour)
        let corrected = try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: Fixtures.deny,
            actor: "reviewer-1"
        )
        #expect(corrected.paCase.status == .denied)
        // The clock measured the first decision.
        #expect(corrected.paCase.decidedAt == approved.paCase.decidedAt)
    }

    @Test func aLateDecisionIsRecordedAsLateAndAnOnTimeOneAsOnTime() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let onTime = try await t.store.openCase(Fixtures.intake(identifier: "on-time")).paCase
        let late = try await t.store.openCase(Fixtures.intake(identifier: "late")).paCase

        t.time.set(onTime.dueAt)  // exactly at the due time: still on time
        let decidedOnTime = try await t.store.recordDecision(
            caseID: onTime.id,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "reviewer-1"
        )
        #expect(decidedOnTime.paCase.onTime == true)
        #expect(decidedOnTime.items[0].onTime == true)

        t.time.set(late.dueAt.addingTimeInterval(1))
        let decidedLate = try await t.store.recordDecision(
            caseID: late.id,
            itemSequence: 1,
            decision: Fixtures.deny,
            actor: "reviewer-1"
        )
        #expect(decidedLate.paCase.onTime == false)
        #expect(decidedLate.items[0].onTime == false)
        #expect(try await t.store.paCase(id: late.id)?.onTime == false)
    }

    @Test func aPendedCaseKeepsItsClockRunning() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake(urgency: .expedited)).paCase
        try await t.store.recordDecision(caseID: opened.id, itemSequence: 1, decision: Fixtures.pend, actor: "rules")

        t.time.set(opened.dueAt.addingTimeInterval(Dates.hour))
        let alerts = try await t.store.sweep()
        #expect(alerts.map(\.level) == [.overdue])
        let decided = try await t.store.recordDecision(
            caseID: opened.id,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "reviewer-1"
        )
        #expect(decided.paCase.onTime == false)
    }
}

/// A case opened with the rules' decisions (PAS `$submit`): written decided in one transaction,
/// with the same audit trail as an intake followed by a decision.
struct OpeningWithDecisionsTests {
    @Test func theCaseIsStoredDecidedWithTheEventsOfAnIntakeAndItsDecisions() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        var approve = Fixtures.approve
        approve.basis = #"{"policy":"lab-panels"}"#
        let opened = try await t.store.openCase(
            Fixtures.intake(items: 2), decisions: [1: approve, 2: Fixtures.deny], decidedBy: "rules")

        #expect(opened.created)
        #expect(opened.paCase.status == .partiallyApproved)
        #expect(opened.paCase.decidedAt == Dates.mondayMorning)
        #expect(opened.paCase.onTime == true)
        #expect(opened.items.map(\.reviewAction) == [.certified, .notCertified])
        #expect(opened.items.map(\.decidedBy) == ["rules", "rules"])
        #expect(opened.items[1].reasonCodes == ["AT"])
        // What was answered is what is stored.
        #expect(try await t.store.paCase(id: opened.paCase.id) == opened.paCase)
        #expect(try await t.store.items(caseID: opened.paCase.id) == opened.items)

        let events = try await t.store.events(caseID: opened.paCase.id)
        #expect(events.map(\.kind) == [.intake, .decision, .decision, .statusChange])
        #expect(events.map(\.actor) == ["org-clinic-1", "rules", "rules", "rules"])
        #expect(events[0].after?.contains(#""status":"received""#) == true)
        #expect(events[1].itemSequence == 1)
        #expect(events[1].before?.contains(#""status":"received""#) == true)
        // The basis is JSON in the event, not a string holding JSON.
        #expect(events[1].after?.contains(#""basis":{"policy":"lab-panels"}"#) == true)
        #expect(events[2].after?.contains(#""reviewAction":"A3""#) == true)
        #expect(events[3].before?.contains(#""status":"received""#) == true)
        #expect(events[3].after?.contains(#""status":"partially-approved""#) == true)
    }

    @Test func anUndecidedItemLeavesTheCasePendedAndOnTheQueue() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(
            Fixtures.intake(items: 2), decisions: [1: Fixtures.approve], decidedBy: "rules")
        #expect(opened.paCase.status == .pended)
        #expect(opened.paCase.decidedAt == nil)
        #expect(opened.items.map(\.reviewAction) == [.certified, nil])
        #expect(try await t.store.events(caseID: opened.paCase.id).map(\.kind) == [.intake, .decision, .statusChange])
        #expect(try await t.store.openCases(limit: 10).map(\.id) == [opened.paCase.id])
    }

    @Test func aDecisionForAnItemTheRequestLacksStoresNothing() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        await expectError(.itemNotFound) {
            _ = try await t.store.openCase(Fixtures.intake(items: 1), decisions: [2: Fixtures.approve], decidedBy: "rules")
        }
        #expect(try await t.store.counts()["pa_case"] == 0)
        #expect(try await t.store.counts()["case_event"] == 0)
    }

    @Test func theSameRequestAgainFindsTheDecidedCaseAndDecidesNothingTwice() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let first = try await t.store.openCase(Fixtures.intake(), decisions: [1: Fixtures.approve], decidedBy: "rules")
        let again = try await t.store.openCase(Fixtures.intake(), decisions: [1: Fixtures.deny], decidedBy: "rules")
        #expect(!again.created)
        #expect(again.paCase.id == first.paCase.id)
        #expect(again.items.map(\.reviewAction) == [.certified])
        #expect(try await t.store.events(caseID: first.paCase.id).count == 3)
    }
}
