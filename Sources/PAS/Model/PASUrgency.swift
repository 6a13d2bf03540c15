import CaseStore

/// How fast the request must be decided, with the reason in a few words so a reviewer (and
/// the case's history) can see why the clock is 72 hours or 7 days.
public struct PASUrgency: Sendable, Hashable {
    public var level: Urgency
    /// E.g. "levelOfServiceCode U (urgent)", "item 2 certificationType 1 (immediate appeal)".
    public var reason: String

    public init(_ level: Urgency, reason: String) {
        self.level = level
        self.reason = reason
    }
}
