import Foundation

/// What a subscriber chooses: the topic, the channel, when it ends, and the status it asks for.
public struct SubscriptionSettings: Sendable, Hashable, Codable {
    /// The topic's canonical URL.
    public var topic: String
    public var status: TopicSubscription.Status
    public var channel: SubscriptionChannel
    /// After this moment the subscription hears of nothing (Subscription.end).
    public var end: Date?
    /// The Subscription resource as accepted, as JSON text.
    public var resourceJSON: String

    public init(
        topic: String, status: TopicSubscription.Status, channel: SubscriptionChannel, end: Date? = nil,
        resourceJSON: String
    ) {
        self.topic = topic
        self.status = status
        self.channel = channel
        self.end = end
        self.resourceJSON = resourceJSON
    }
}

/// Where and how notifications go: a rest-hook endpoint, the headers to send with each POST,
/// the media type and how much of each resource to include.
public struct SubscriptionChannel: Sendable, Hashable, Codable {
    /// Backport `backport-payload-content`.
    public enum Content: String, Sendable, Hashable, Codable, CaseIterable {
        case empty
        case idOnly = "id-only"
        case fullResource = "full-resource"
    }

    /// The absolute `http(s)` URL notifications are POSTed to.
    public var endpoint: String
    /// `Name: value` lines sent as HTTP headers with every notification (an `Authorization`
    /// header, typically).
    public var headers: [String]
    /// The media type of the POST body (`application/fhir+json`).
    public var payloadType: String
    public var content: Content
    /// Seconds between heartbeats the subscriber asked for (`backport-heartbeat-period`).
    public var heartbeatPeriod: Int?
    /// Seconds the subscriber allows for one POST (`backport-timeout`).
    public var timeout: Int?

    public init(
        endpoint: String, headers: [String] = [], payloadType: String = "application/fhir+json",
        content: Content = .fullResource, heartbeatPeriod: Int? = nil, timeout: Int? = nil
    ) {
        self.endpoint = endpoint
        self.headers = headers
        self.payloadType = payloadType
        self.content = content
        self.heartbeatPeriod = heartbeatPeriod
        self.timeout = timeout
    }
}
