import Foundation
internal import GRDB

/// A row of `outbox`. Internal: the rest of the server sees ``OutboxMessage``.
struct OutboxRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var caseID: String?
    var destination: String
    var payload: String
    var createdAt: Date
    var attempts: Int
    var nextAttemptAt: Date
    var deliveredAt: Date?
    var lastError: String?
    /// A subscription notification's event number (`nil` for other messages): how `$events`
    /// finds a subscription's past notifications.
    var eventNumber: Int?

    enum CodingKeys: String, CodingKey {
        case id
        case caseID = "case_id"
        case destination, payload
        case createdAt = "created_at"
        case attempts
        case nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
        case lastError = "last_error"
        case eventNumber = "event_number"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var model: OutboxMessage {
        OutboxMessage(
            id: id ?? 0,
            caseID: caseID,
            destination: destination,
            payload: payload,
            createdAt: createdAt,
            attempts: attempts,
            nextAttemptAt: nextAttemptAt,
            deliveredAt: deliveredAt,
            lastError: lastError
        )
    }
}
