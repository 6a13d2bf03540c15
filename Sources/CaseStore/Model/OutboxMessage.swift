import Foundation

/// A notification waiting to be delivered (a PAS subscription rest-hook, for example).
///
/// Messages are written in the same transaction as the change they announce, so a decision is
/// never committed without its notification, and a delivery worker retries until it succeeds.
public struct OutboxMessage: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var caseID: String?
    /// Where to deliver: a URL or a channel name.
    public var destination: String
    public var payload: String
    public var createdAt: Date
    /// Delivery attempts so far (successful or not).
    public var attempts: Int
    /// Not to be tried before this time.
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    public var lastError: String?

    public init(
        id: Int64,
        caseID: String?,
        destination: String,
        payload: String,
        createdAt: Date,
        attempts: Int = 0,
        nextAttemptAt: Date,
        deliveredAt: Date? = nil,
        lastError: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.destination = destination
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// A message to put in the outbox.
public struct OutboxDraft: Sendable, Hashable {
    public var caseID: String?
    public var destination: String
    public var payload: String

    public init(caseID: String?, destination: String, payload: String) {
        self.caseID = caseID
        self.destination = destination
        self.payload = payload
    }
}

/// Exponential backoff for failed deliveries: 30 s, 1 min, 2 min, … capped at 1 hour.
public enum OutboxBackoff {
    /// The wait after the `attempts`-th failed attempt (1 = first failure).
    public static func delay(afterAttempts attempts: Int, base: TimeInterval = 30, cap: TimeInterval = 3600)
        -> TimeInterval
    {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        return min(cap, base * pow(2, exponent))
    }

    /// When to try again after the `attempts`-th failure at `now`.
    public static func nextAttempt(afterAttempts attempts: Int, from now: Date) -> Date {
        now.addingTimeInterval(delay(afterAttempts: attempts))
    }
}
