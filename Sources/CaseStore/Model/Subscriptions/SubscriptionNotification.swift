import Foundation

/// A notification queued for a subscription, as `$events` reads it back: delivered or not,
/// its body is kept with its event number.
public struct SubscriptionNotification: Sendable, Hashable {
    public var eventNumber: Int
    /// The notification Bundle's JSON text, as it was (or will be) sent.
    public var payload: String
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(eventNumber: Int, payload: String, createdAt: Date, deliveredAt: Date? = nil) {
        self.eventNumber = eventNumber
        self.payload = payload
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}
