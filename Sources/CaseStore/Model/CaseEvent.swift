import Foundation

/// One entry of a case's audit trail. Events are only ever appended; the database refuses to
/// change or delete them.
public struct CaseEvent: Sendable, Hashable, Codable, Identifiable {
    /// Increasing in the order events were written.
    public var id: Int64
    public var caseID: String
    public var at: Date
    /// Who did it: a submitter, a reviewer, `rules`, `clock`.
    public var actor: String
    public var kind: CaseEventKind
    /// The item concerned, for item-level events.
    public var itemSequence: Int?
    /// The state before the change, as JSON text (`nil` for intake).
    public var before: String?
    /// The state after the change, as JSON text.
    public var after: String?

    public init(
        id: Int64,
        caseID: String,
        at: Date,
        actor: String,
        kind: CaseEventKind,
        itemSequence: Int? = nil,
        before: String? = nil,
        after: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.itemSequence = itemSequence
        self.before = before
        self.after = after
    }
}

/// What an event records.
public enum CaseEventKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The case was opened.
    case intake
    /// An item got a review action.
    case decision
    /// The case's status changed as a result of decisions or of an update.
    case statusChange = "status-change"
    /// The submitter sent a new version of the request (a PAS Claim Update).
    case update
    /// An update added an item.
    case itemAdded = "item-added"
    /// An update changed an item; its earlier decision no longer stands.
    case itemChanged = "item-changed"
    /// The submitter withdrew an item (review action C), or the whole request.
    case itemCancelled = "item-cancelled"
    /// The clock was extended.
    case `extension`
    /// The sweep found the case near its due time.
    case escalationNear = "escalation-near"
    /// The sweep found the case past its due time.
    case escalationOverdue = "escalation-overdue"
}
