import Foundation
internal import GRDB

extension SQLiteCaseStore {
    public func enqueue(_ draft: OutboxDraft) async throws -> OutboxMessage {
        try await write { db in try Self.insertOutbox(db, draft, at: self.now()).model }
    }

    public func dueOutboxMessages(limit: Int) async throws -> [OutboxMessage] {
        let now = self.now()
        return try await read { db in
            try OutboxRecord
                .filter(Column(OutboxRecord.CodingKeys.deliveredAt) == nil)
                .filter(Column(OutboxRecord.CodingKeys.nextAttemptAt) <= now)
                .order(Column(OutboxRecord.CodingKeys.nextAttemptAt), Column(OutboxRecord.CodingKeys.id))
                .limit(limit)
                .fetchAll(db)
                .map(\.model)
        }
    }

    /// Marks a message delivered. Marking it again changes nothing, so a worker that crashed
    /// between sending and marking can safely mark it on retry.
    public func markDelivered(messageID: Int64) async throws {
        try await write { db in
            var record = try Self.existingOutboxRecord(db, id: messageID)
            guard record.deliveredAt == nil else { return }
            record.deliveredAt = self.now()
            record.attempts += 1
            record.lastError = nil
            try record.update(db)
        }
    }

    public func markFailed(messageID: Int64, error: String, nextAttemptAt: Date) async throws {
        try await write { db in
            var record = try Self.existingOutboxRecord(db, id: messageID)
            guard record.deliveredAt == nil else { return }
            record.attempts += 1
            record.lastError = error
            record.nextAttemptAt = Self.storable(nextAttemptAt)
            try record.update(db)
        }
    }

    /// Inserts a message inside the caller's transaction, due at once.
    static func insertOutbox(_ db: Database, _ draft: OutboxDraft, at now: Date, eventNumber: Int? = nil) throws -> OutboxRecord {
        guard !draft.destination.isEmpty else {
            throw CaseStoreError(.invalidRecord, "an outbox message needs a destination")
        }
        var record = OutboxRecord(
            id: nil,
            caseID: draft.caseID,
            destination: draft.destination,
            payload: draft.payload,
            createdAt: now,
            attempts: 0,
            nextAttemptAt: now,
            deliveredAt: nil,
            lastError: nil,
            eventNumber: eventNumber
        )
        try record.insert(db)
        return record
    }

    /// Runs `notify` on the state about to be committed and queues what it returns.
    static func enqueueNotifications(
        _ db: Database,
        _ notify: NotificationBuilder?,
        for detail: CaseDetail,
        at now: Date
    ) throws {
        switch notify?.audience {
        case nil:
            return
        case .fixed(let drafts):
            for draft in drafts(detail) {
                _ = try insertOutbox(db, draft, at: now)
            }
        case .subscribers(let topic, let payload):
            try enqueueSubscriptionEvents(db, topic: topic, payload: payload, for: detail, at: now)
        }
    }

    private static func existingOutboxRecord(_ db: Database, id: Int64) throws -> OutboxRecord {
        guard let record = try OutboxRecord.fetchOne(db, key: id) else {
            throw CaseStoreError(.messageNotFound, "no outbox message has the id \(id)")
        }
        return record
    }
}
