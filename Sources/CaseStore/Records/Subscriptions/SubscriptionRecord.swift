import Foundation
internal import GRDB

/// A row of `subscription`. Internal: the rest of the server sees ``TopicSubscription``.
struct SubscriptionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "subscription"

    var id: String
    var owner: String
    var topic: String
    var status: String
    var endpoint: String
    var headers: String
    var payloadType: String
    var content: String
    var heartbeatPeriod: Int?
    var timeout: Int?
    var endAt: Date?
    var eventCount: Int
    var version: Int
    var lastError: String?
    var resourceJSON: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, owner, topic, status, endpoint, headers, content, timeout, version
        case payloadType = "payload_type"
        case heartbeatPeriod = "heartbeat_period"
        case endAt = "end_at"
        case eventCount = "event_count"
        case lastError = "last_error"
        case resourceJSON = "resource_json"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ subscription: TopicSubscription) {
        let settings = subscription.settings
        id = subscription.id
        owner = subscription.owner
        topic = settings.topic
        status = settings.status.rawValue
        endpoint = settings.channel.endpoint
        headers = JSONColumn.encode(settings.channel.headers)
        payloadType = settings.channel.payloadType
        content = settings.channel.content.rawValue
        heartbeatPeriod = settings.channel.heartbeatPeriod
        timeout = settings.channel.timeout
        endAt = settings.end.map(SQLiteCaseStore.storable)
        eventCount = subscription.eventCount
        version = subscription.version
        lastError = subscription.lastError
        resourceJSON = settings.resourceJSON
        createdAt = SQLiteCaseStore.storable(subscription.createdAt)
        updatedAt = SQLiteCaseStore.storable(subscription.updatedAt)
    }

    func model() throws -> TopicSubscription {
        guard let status = TopicSubscription.Status(rawValue: status),
            let content = SubscriptionChannel.Content(rawValue: content)
        else {
            throw CaseStoreError(.storageFailure, "subscription \(id) has an unreadable status or content")
        }
        let channel = SubscriptionChannel(
            endpoint: endpoint, headers: try JSONColumn.decode(headers, row: "subscription \(id)"),
            payloadType: payloadType, content: content, heartbeatPeriod: heartbeatPeriod, timeout: timeout)
        return TopicSubscription(
            id: id, owner: owner,
            settings: SubscriptionSettings(
                topic: topic, status: status, channel: channel, end: endAt, resourceJSON: resourceJSON),
            eventCount: eventCount, version: version, lastError: lastError, createdAt: createdAt, updatedAt: updatedAt)
    }
}
