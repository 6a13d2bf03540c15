import Foundation

/// A case that crossed a clock threshold during a sweep.
public struct ClockAlert: Sendable, Hashable, Codable {
    public var caseID: String
    /// The level the case reached: ``EscalationLevel/near`` or ``EscalationLevel/overdue``.
    public var level: EscalationLevel
    public var urgency: Urgency
    /// The effective due time.
    public var dueAt: Date
    /// When the sweep saw it.
    public var at: Date

    public init(caseID: String, level: EscalationLevel, urgency: Urgency, dueAt: Date, at: Date) {
        self.caseID = caseID
        self.level = level
        self.urgency = urgency
        self.dueAt = dueAt
        self.at = at
    }
}
