import Foundation

/// The one extension a case's clock may get (42 CFR 422.568(b), 422.572(b), 438.210(d)).
public struct DueTimeExtension: Sendable, Hashable, Codable {
    /// The new due time.
    public var dueAt: Date
    /// How many days were added (1…14).
    public var days: Int
    /// Why; shown to the provider.
    public var reason: String
    /// Who granted it.
    public var grantedBy: String
    /// When it was granted.
    public var grantedAt: Date

    public init(dueAt: Date, days: Int, reason: String, grantedBy: String, grantedAt: Date) {
        self.dueAt = dueAt
        self.days = days
        self.reason = reason
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
    }
}

/// A request to extend a case's clock.
public struct DueTimeExtensionRequest: Sendable, Hashable {
    /// Days to add to the due time: at least 1, at most ``DecisionClock/maximumExtensionDays``.
    public var days: Int
    /// Why the extension is needed (for example, awaiting records from a non-contract provider).
    public var reason: String
    /// Who asks for it.
    public var actor: String

    public init(days: Int, reason: String, actor: String) {
        self.days = days
        self.reason = reason
        self.actor = actor
    }
}
