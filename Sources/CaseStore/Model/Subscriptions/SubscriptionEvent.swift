import Foundation

/// One change to a case, numbered for one subscription: what a subscription notification is
/// built from (see ``NotificationBuilder/init(topic:payload:)``).
public struct SubscriptionEvent: Sendable, Hashable {
    /// The case as it is being committed.
    public var detail: CaseDetail
    /// The subscription, its ``TopicSubscription/eventCount`` already counting this event.
    public var subscription: TopicSubscription
    /// This event's number for this subscription: one more than the previous, never reused.
    public var eventNumber: Int
    /// The moment of the change (the transaction's "now").
    public var at: Date

    public init(detail: CaseDetail, subscription: TopicSubscription, eventNumber: Int, at: Date) {
        self.detail = detail
        self.subscription = subscription
        self.eventNumber = eventNumber
        self.at = at
    }
}

/// How a handshake went, as the delivery worker reports it.
public enum HandshakeOutcome: Sendable, Hashable {
    /// The endpoint answered 2xx: the subscription becomes `active`.
    case accepted
    /// The endpoint failed or refused: the subscription goes to `error`, with this reason.
    case failed(String)
}
