import Foundation
internal import GRDB

extension SQLiteCaseStore {
    /// Extends the clock (see ``DecisionClock/checkExtension(_:of:at:)`` for what is refused).
    ///
    /// The new due time is the original one plus `days` calendar days, read the conservative way
    /// (``DecisionClock/addingCalendarDays(_:to:)``). The escalation level goes back to `none`:
    /// the case is measured against its new due time, and the sweep warns again as that nears.
    @discardableResult
    public func extendDueTime(
        caseID: String,
        _ request: DueTimeExtensionRequest,
        notify: NotificationBuilder?
    ) async throws -> CaseDetail {
        try await write { db in
            let before = try Self.existingCaseRecord(db, id: caseID).model
            let now = self.now()
            try self.clock.checkExtension(request, of: before, at: now)

            var after = before
            after.dueTimeExtension = DueTimeExtension(
                dueAt: Self.storable(self.clock.extendedDueTime(before.dueAt, days: request.days)),
                days: request.days,
                reason: request.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                grantedBy: request.actor,
                grantedAt: now
            )
            after.escalation = .none
            try CaseRecord(after).update(
                db,
                columns: [
                    "extension_due_at", "extension_days", "extension_reason", "extension_by", "extension_at",
                    "escalation",
                ]
            )
            try CaseEventWriter.append(
                db,
                caseID: caseID,
                at: now,
                actor: request.actor,
                kind: .extension,
                before: EventState.Clock(paCase: before),
                after: EventState.Clock(paCase: after)
            )

            let detail = CaseDetail(paCase: after, items: try Self.itemRecords(db, caseID: caseID).map(\.model))
            try Self.enqueueNotifications(db, notify, for: detail, at: now)
            return detail
        }
    }

    /// Moves undecided cases up the escalation levels and records each step once.
    ///
    /// A case goes none → near → overdue and never back down (except through an extension), so
    /// running the sweep again finds nothing new. A case first seen past its due time goes
    /// straight to overdue with a single event.
    public func sweep() async throws -> [ClockAlert] {
        try await write { db in
            let now = self.now()
            // Only cases within the widest warning window can change level.
            let horizon = now.addingTimeInterval(max(self.settings.nearDueStandard, self.settings.nearDueExpedited))
            let candidates =
                try CaseRecord
                .filter(Column(CaseRecord.CodingKeys.decidedAt) == nil)
                .filter(Column(CaseRecord.CodingKeys.escalation) != EscalationLevel.overdue.rawValue)
                .filter(sql: "\(CaseRecord.effectiveDueSQL) <= ?", arguments: [horizon])
                .order(sql: "\(CaseRecord.effectiveDueSQL), id")
                .fetchAll(db)

            var alerts: [ClockAlert] = []
            for record in candidates {
                let before = record.model
                let level = self.clock.escalation(at: now, dueAt: before.effectiveDueAt, urgency: before.urgency)
                guard level > before.escalation else { continue }
                var after = before
                after.escalation = level
                try CaseRecord(after).update(db, columns: ["escalation"])
                try CaseEventWriter.append(
                    db,
                    caseID: before.id,
                    at: now,
                    actor: Self.clockActor,
                    kind: level == .overdue ? .escalationOverdue : .escalationNear,
                    before: EventState.Clock(paCase: before),
                    after: EventState.Clock(paCase: after)
                )
                alerts.append(
                    ClockAlert(
                        caseID: before.id,
                        level: level,
                        urgency: before.urgency,
                        dueAt: before.effectiveDueAt,
                        at: now
                    )
                )
            }
            return alerts
        }
    }

    /// The actor of events the sweep writes.
    static let clockActor = "clock"
}

extension EventState.Clock {
    init(paCase: PACase) {
        self.init(
            dueAt: paCase.effectiveDueAt,
            escalation: paCase.escalation,
            dueTimeExtension: paCase.dueTimeExtension
        )
    }
}
