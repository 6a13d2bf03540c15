import Foundation

/// A topic-based subscription (FHIR R5 Subscriptions, backported to R4): who wants to hear about
/// which changes, and where to send the notifications.
///
/// The store keeps what it needs to match events and deliver them; the Subscription resource as
/// the subscriber sent it is kept whole in ``resourceJSON``, so nothing the subscriber wrote is
/// lost. Only the server changes ``status``, ``eventCount`` and ``version``.
public struct TopicSubscription: Sendable, Hashable, Codable, Identifiable {
    /// The Backport status codes (`subscription-status`).
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Accepted, waiting for its handshake: notifications are queued but held.
        case requested
        /// Notifications are delivered.
        case active
        /// The handshake failed; notifications are queued but held until the subscriber asks
        /// for the subscription to be reactivated.
        case error
        /// Turned off by the subscriber: events are still counted (so a reactivated subscriber
        /// sees the gap in event numbers) but nothing is queued.
        case off
    }

    public var id: String
    /// The organization that owns the subscription, in the case store's submitter form
    /// (`npi:1500000017`, `client:acme`): it alone may read or change it, and it hears about the
    /// cases it submitted.
    public var owner: String
    public var settings: SubscriptionSettings
    public var status: Status {
        get { settings.status }
        set { settings.status = newValue }
    }
    /// Events numbered for this subscription so far; the next event is `eventCount + 1`.
    public var eventCount: Int
    /// Goes up by one with every change (settings or status): the resource's `meta.versionId`.
    public var version: Int
    /// Why the subscription is in `error`, for its owner.
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, owner: String, settings: SubscriptionSettings, eventCount: Int = 0, version: Int = 1,
        lastError: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.settings = settings
        self.eventCount = eventCount
        self.version = version
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The outbox destination of this subscription's notifications (`Subscription/<id>`): the
    /// delivery worker looks the subscription up at sending time, so a changed endpoint or header
    /// applies to notifications already queued.
    public var outboxDestination: String { Self.outboxDestination(id: id) }

    public static func outboxDestination(id: String) -> String { destinationPrefix + id }

    /// The subscription id an outbox destination names, or `nil` when it names none.
    public static func subscriptionID(fromDestination destination: String) -> String? {
        guard destination.hasPrefix(destinationPrefix) else { return nil }
        let id = destination.dropFirst(destinationPrefix.count)
        return id.isEmpty ? nil : String(id)
    }

    private static let destinationPrefix = "Subscription/"
}
