import Foundation
import Testing

@testable import CaseStore

/// The clock through the store: extensions and the sweep, with time moved by hand.
struct ClockTests {
    let reason = "Awaiting records from a non-contract provider; in the enrollee's interest."

    @Test func oneExtensionOfAtMost14DaysMovesTheDueTime() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase

        t.time.advance(by: Dates.day)
        let extended = try await t.store.extendDueTime(
            caseID: opened.id,
            DueTimeExtensionRequest(days: 14, reason: reason, actor: "reviewer-1")
        )
        let dueTimeExtension = try #require(extended.paCase.dueTimeExtension)
        #expect(dueTimeExtension.dueAt == opened.dueAt.addingTimeInterval(14 * Dates.day))
        #expect(dueTimeExtension.days == 14)
        #expect(dueTimeExtension.reason == reason)
        #expect(dueTimeExtension.grantedBy == "reviewer-1")
        #expect(dueTimeExtension.grantedAt == Dates.mondayMorning.addingTimeInterval(Dates.day))
        #expect(extended.paCase.dueAt == opened.dueAt)  // the original stays on record
        #expect(extended.paCase.effectiveDueAt == dueTimeExtension.dueAt)
        #expect(try await t.store.paCase(id: opened.id) == extended.paCase)

        let events = try await t.store.events(caseID: opened.id)
        #expect(events.map(\.kind) == [.intake, .extension])
        #expect(events[1].actor == "reviewer-1")
        #expect(events[1].after?.contains(reason) == true)

        // A second extension, even a short one, is refused, and nothing changes.
        await expectError(.extensionAlreadyUsed) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 1, reason: reason, actor: "reviewer-2")
            )
        }
        #expect(try await t.store.paCase(id: opened.id) == extended.paCase)
        #expect(try await t.store.events(caseID: opened.id).count == 2)
    }

    @Test func refusedExtensionsWriteNothing() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase

        await expectError(.extensionTooLong) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 15, reason: reason, actor: "r")
            )
        }
        await expectError(.extensionNotPositive) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 0, reason: reason, actor: "r")
            )
        }
        await expectError(.extensionWithoutReason) {
            try await t.store.extendDueTime(caseID: opened.id, DueTimeExtensionRequest(days: 5, reason: "", actor: "r"))
        }
        await expectError(.extensionWithoutReason) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 5, reason: "   ", actor: "r")
            )
        }
        await expectError(.caseNotFound) {
            try await t.store.extendDueTime(
                caseID: "GL-NOPE",
                DueTimeExtensionRequest(days: 5, reason: reason, actor: "r")
            )
        }
        t.time.set(opened.dueAt.addingTimeInterval(1))
        await expectError(.extensionAfterDueTime) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 5, reason: reason, actor: "r")
            )
        }
        #expect(try await t.store.paCase(id: opened.id) == opened)
        #expect(try await t.store.events(caseID: opened.id).map(\.kind) == [.intake])
    }

    @Test func aDecidedCaseCannotBeExtended() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase
        try await t.store.recordDecision(caseID: opened.id, itemSequence: 1, decision: Fixtures.approve, actor: "rules")
        await expectError(.caseAlreadyDecided) {
            try await t.store.extendDueTime(
                caseID: opened.id,
                DueTimeExtensionRequest(days: 3, reason: reason, actor: "r")
            )
        }
    }

    @Test func aDecisionAfterTheOriginalButBeforeTheExtendedDueTimeIsOnTime() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase
        try await t.store.extendDueTime(caseID: opened.id, DueTimeExtensionRequest(days: 2, reason: reason, actor: "r"))

        t.time.set(opened.dueAt.addingTimeInterval(Dates.day))
        let decided = try await t.store.recordDecision(
            caseID: opened.id,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "reviewer-1"
        )
        #expect(decided.paCase.onTime == true)
    }

    @Test func theSweepFlagsNearThenOverdueExactlyOnceEach() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let expedited = try await t.store.openCase(Fixtures.intake(identifier: "x", urgency: .expedited)).paCase
        let standard = try await t.store.openCase(Fixtures.intake(identifier: "s", urgency: .standard)).paCase
        let decided = try await t.store.openCase(Fixtures.intake(identifier: "d", urgency: .expedited)).paCase
        try await t.store.recordDecision(
            caseID: decided.id,
            itemSequence: 1,
            decision: Fixtures.approve,
            actor: "rules"
        )

        // Expedited: near 6 hours before the due time.
        t.time.set(expedited.dueAt.addingTimeInterval(-6 * Dates.hour - 1))
        #expect(try await t.store.sweep().isEmpty)
        t.time.advance(by: 1)
        var alerts = try await t.store.sweep()
        #expect(
            alerts == [
                ClockAlert(
                    caseID: expedited.id,
                    level: .near,
                    urgency: .expedited,
                    dueAt: expedited.dueAt,
                    at: t.time.now()
                )
            ]
        )
        #expect(try await t.store.sweep().isEmpty)

        // At the due time it is still only near; one second later it is overdue.
        t.time.set(expedited.dueAt)
        #expect(try await t.store.sweep().isEmpty)
        t.time.advance(by: 1)
        alerts = try await t.store.sweep()
        #expect(alerts.map(\.caseID) == [expedited.id])
        #expect(alerts.map(\.level) == [.overdue])
        #expect(try await t.store.sweep().isEmpty)
        #expect(try await t.store.paCase(id: expedited.id)?.escalation == .overdue)

        // Standard: near 24 hours before; a sweep that first runs after the due time goes
        // straight to overdue with one event.
        t.time.set(standard.dueAt.addingTimeInterval(-24 * Dates.hour))
        #expect(try await t.store.sweep().map(\.level) == [.near])
        t.time.set(standard.dueAt.addingTimeInterval(Dates.day))
        #expect(try await t.store.sweep().map(\.level) == [.overdue])
        #expect(try await t.store.sweep().isEmpty)

        let expeditedEvents = try await t.store.events(caseID: expedited.id)
        #expect(expeditedEvents.map(\.kind) == [.intake, .escalationNear, .escalationOverdue])
        #expect(expeditedEvents.allSatisfy { $0.kind == .intake || $0.actor == "clock" })
        #expect(expeditedEvents[2].before?.contains(#""escalation":"near""#) == true)
        #expect(expeditedEvents[2].after?.contains(#""escalation":"overdue""#) == true)
        #expect(
            try await t.store.events(caseID: standard.id).map(\.kind) == [.intake, .escalationNear, .escalationOverdue]
        )
        #expect(try await t.store.events(caseID: decided.id).map(\.kind) == [.intake, .decision, .statusChange])
        #expect(try await t.store.paCase(id: decided.id)?.escalation == EscalationLevel.none)
    }

    @Test func aCaseThatJumpsStraightPastItsDueTimeGetsOneOverdueEvent() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake(urgency: .expedited)).paCase
        t.time.set(opened.dueAt.addingTimeInterval(Dates.day))
        #expect(try await t.store.sweep().map(\.level) == [.overdue])
        #expect(try await t.store.events(caseID: opened.id).map(\.kind) == [.intake, .escalationOverdue])
    }

    @Test func thresholdsComeFromTheSettings() async throws {
        let t = try TestStore(
            settings: CaseStoreSettings(nearDueStandard: 48 * Dates.hour, nearDueExpedited: Dates.hour)
        )
        defer { t.removeFiles() }
        let standard = try await t.store.openCase(Fixtures.intake(identifier: "s")).paCase
        let expedited = try await t.store.openCase(Fixtures.intake(identifier: "x", urgency: .expedited)).paCase

        t.time.set(expedited.dueAt.addingTimeInterval(-2 * Dates.hour))
        #expect(try await t.store.sweep().isEmpty)
        t.time.set(expedited.dueAt.addingTimeInterval(-Dates.hour))
        #expect(try await t.store.sweep().map(\.caseID) == [expedited.id])
        t.time.set(standard.dueAt.addingTimeInterval(-48 * Dates.hour - 1))
        #expect(try await t.store.sweep().map(\.caseID) == [expedited.id])  // now overdue
        t.time.advance(by: 1)
        #expect(
            try await t.store.sweep() == [
                ClockAlert(
                    caseID: standard.id,
                    level: .near,
                    urgency: .standard,
                    dueAt: standard.dueAt,
                    at: t.time.now()
                )
            ]
        )
    }

    @Test func anExtensionResetsTheEscalationForTheNewDueTime() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase

        t.time.set(opened.dueAt.addingTimeInterval(-Dates.hour))
        #expect(try await t.store.sweep().map(\.level) == [.near])
        let extended = try await t.store.extendDueTime(
            caseID: opened.id,
            DueTimeExtensionRequest(days: 5, reason: reason, actor: "reviewer-1")
        )
        #expect(extended.paCase.escalation == EscalationLevel.none)
        t.time.set(opened.dueAt.addingTimeInterval(Dates.hour))
        #expect(try await t.store.sweep().isEmpty)  // past the original due time, not the new one

        t.time.set(extended.paCase.effectiveDueAt.addingTimeInterval(-Dates.hour))
        #expect(try await t.store.sweep().map(\.level) == [.near])
        #expect(
            try await t.store.events(caseID: opened.id).map(\.kind)
                == [.intake, .escalationNear, .extension, .escalationNear]
        )
    }
}
