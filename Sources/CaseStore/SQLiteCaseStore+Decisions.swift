import Foundation
internal import GRDB

extension SQLiteCaseStore {
    @discardableResult
    public func recordDecisions(
        caseID: String,
        decisions: [Int: ItemDecision],
        actor: String,
        notify: NotificationBuilder?
    ) async throws -> CaseDetail {
        try Self.validate(decisions, actor: actor)
        return try await groupedWrite { db in
            try self.recordDecisions(db, caseID: caseID, decisions: decisions, actor: actor, notify: notify)
        }
    }

    /// Refuses decisions before any write: none at all, no actor, or one the store must never keep.
    static func validate(_ decisions: [Int: ItemDecision], actor: String) throws {
        guard !decisions.isEmpty else { throw CaseStoreError(.invalidDecision, "no decision was given") }
        guard !actor.isBlank else {
            throw CaseStoreError(.invalidDecision, "a decision needs the name of who made it")
        }
        for decision in decisions.values {
            try decision.validate()
        }
    }

    /// ``recordDecisions(caseID:decisions:actor:notify:)`` inside a write transaction.
    func recordDecisions(
        _ db: Database, caseID: String, decisions: [Int: ItemDecision], actor: String, notify: NotificationBuilder?
    ) throws -> CaseDetail {
        let before = try Self.existingCaseRecord(db, id: caseID).model
        let items = try Self.itemRecords(db, caseID: caseID).map(\.model)
        let now = self.now()
        let outcome = try deciding(before, items: items, with: decisions, by: actor, at: now)
        for change in outcome.changes {
            try CaseItemRecord(change.after).updateRow(db)
        }
        if outcome.paCase.status != before.status {
            try CaseRecord.updateStatus(db, of: outcome.paCase)
        }
        try Self.appendEvents(db, of: outcome, before: before, actor: actor, at: now)
        let detail = CaseDetail(paCase: outcome.paCase, items: outcome.items)
        try Self.enqueueNotifications(db, notify, for: detail, at: now)
        return detail
    }

    /// What `decisions` make of a case and its items, in memory: the store writes the rows
    /// (``recordDecisions(_:caseID:decisions:actor:notify:)`` updates them, a new case is
    /// inserted decided) and then the events, ``appendEvents(_:of:before:actor:at:)``.
    func deciding(
        _ paCase: PACase, items: [CaseItem], with decisions: [Int: ItemDecision], by actor: String, at now: Date
    ) throws -> DecisionOutcome {
        var items = items
        var changes: [DecisionOutcome.Change] = []
        for (sequence, decision) in decisions.sorted(by: { $0.key < $1.key }) {
            guard let index = items.firstIndex(where: { $0.sequence == sequence }) else {
                throw CaseStoreError.itemNotFound(caseID: paCase.id, sequence: sequence)
            }
            let decided = try applying(decision, to: items[index], by: actor, at: now, dueAt: paCase.effectiveDueAt)
            changes.append(DecisionOutcome.Change(before: items[index], after: decided, basis: decision.basis))
            items[index] = decided
        }
        return DecisionOutcome(paCase: rollingUp(paCase, items: items, at: now), items: items, changes: changes)
    }

    /// The audit trail of `outcome`: an event per decided item (before, after and basis), then
    /// the case's status change, if any.
    static func appendEvents(_ db: Database, of outcome: DecisionOutcome, before: PACase, actor: String, at now: Date) throws {
        try append(db, events(of: outcome, before: before), caseID: before.id, actor: actor, at: now)
    }

    /// The events of `outcome` as text, to write now or once a prepared case is written.
    static func events(of outcome: DecisionOutcome, before: PACase) -> [PreparedEvent] {
        var events = outcome.changes.map { change in
            PreparedEvent(
                kind: .decision, itemSequence: change.after.sequence, beforeJSON: CaseEventWriter.json(state: change.before),
                afterJSON: CaseEventWriter.json(state: DecidedItem(item: change.after, basis: change.basis)))
        }
        let after = outcome.paCase
        if after.status != before.status {
            events.append(PreparedEvent(
                kind: .statusChange, itemSequence: nil,
                beforeJSON: CaseEventWriter.json(state: EventState.Status(status: before.status, decidedAt: before.decidedAt, onTime: before.onTime)),
                afterJSON: CaseEventWriter.json(state: EventState.Status(status: after.status, decidedAt: after.decidedAt, onTime: after.onTime))))
        }
        return events
    }

    static func append(_ db: Database, _ events: [PreparedEvent], caseID: String, actor: String, at now: Date) throws {
        for event in events {
            try CaseEventWriter.append(
                db, caseID: caseID, at: now, actor: actor, kind: event.kind, itemSequence: event.itemSequence,
                beforeJSON: event.beforeJSON, afterJSON: event.afterJSON)
        }
    }

    /// The item after `decision`, or the reason it cannot take it.
    ///
    /// A final decision records when, by whom, and whether it met the due time; a pend (A4) or
    /// contact-payer (CT) does not stop the clock, so it records none of that. A decided item
    /// may be corrected to another final decision but never pended again: that would make a
    /// decided request look open and hide it from the on-time measure.
    private func applying(
        _ decision: ItemDecision,
        to item: CaseItem,
        by actor: String,
        at now: Date,
        dueAt: Date
    ) throws(CaseStoreError) -> CaseItem {
        if item.reviewAction == .cancelled {
            throw CaseStoreError(.itemCancelled, "item \(item.sequence) of case \(item.caseID) was cancelled")
        }
        if item.reviewAction?.isFinalDecision == true, !decision.reviewAction.isFinalDecision {
            throw CaseStoreError(
                .invalidDecision,
                "item \(item.sequence) of case \(item.caseID) is already decided; "
                    + "it cannot go back to \(decision.reviewAction.rawValue)"
            )
        }
        var next = item
        next.reviewAction = decision.reviewAction
        next.status = ItemStatus(decision.reviewAction)
        next.reasonCodes = decision.reasonCodes.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        next.note = decision.note
        next.authorizedQuantity = decision.authorizedQuantity
        next.authorizedPeriod = decision.authorizedPeriod
        if decision.reviewAction.isFinalDecision {
            next.decidedAt = now
            next.decidedBy = actor
            next.onTime = clock.isOnTime(decidedAt: now, dueAt: dueAt)
        }
        return next
    }

    /// The case with its status rolled up from `items`.
    ///
    /// The first time the case reaches a final status is its decision for the clock: that moment
    /// is kept as `decidedAt` with its on-time flag, even if an item is corrected later.
    func rollingUp(_ paCase: PACase, items: [CaseItem], at now: Date) -> PACase {
        var next = paCase
        next.status = CaseStatus.rollUp(items.map(\.reviewAction))
        if next.status.isFinal, next.decidedAt == nil {
            next.decidedAt = now
            next.onTime = clock.isOnTime(decidedAt: now, dueAt: paCase.effectiveDueAt)
        }
        return next
    }
}

/// An event of a case's decisions, its states already text.
struct PreparedEvent: Sendable {
    let kind: CaseEventKind
    let itemSequence: Int?
    let beforeJSON: String?
    let afterJSON: String?
}

/// A case after decisions, before anything is written (``SQLiteCaseStore/deciding(_:items:with:by:at:)``).
struct DecisionOutcome {
    struct Change {
        let before: CaseItem
        let after: CaseItem
        let basis: String?
    }

    /// Rolled up from `items`.
    let paCase: PACase
    /// Every item of the case, decided or not.
    let items: [CaseItem]
    /// The decided items, in sequence order.
    let changes: [Change]
}

/// A decision event's after-state: the decided item, and what the decision rests on (JSON
/// that ``ItemDecision/validate()`` checked, written in as JSON).
private struct DecidedItem: EventJSONRepresentable {
    let item: CaseItem
    let basis: String?

    var eventJSON: EventJSON.Value {
        guard case .object(var members) = item.eventJSON else { return item.eventJSON }
        if let basis { members["basis"] = .json(basis) }
        return .object(members)
    }
}
