import Foundation
import Identifiers
internal import GRDB

extension SQLiteCaseStore {
    public func createSubscription(owner: String, _ settings: SubscriptionSettings) async throws
        -> TopicSubscription
    {
        try Self.validate(owner: owner, settings)
        return try await write { db in
            let now = self.now()
            let subscription = TopicSubscription(
                id: RandomIdentifier.uuid(), owner: owner, settings: settings, createdAt: now, updatedAt: now)
            let taken = try SubscriptionRecord
                .filter(Column(SubscriptionRecord.CodingKeys.owner) == owner)
                .filter(Column(SubscriptionRecord.CodingKeys.topic) == settings.topic)
                .fetchOne(db)
            if let taken {
                throw CaseStoreError(
                    .duplicateSubscription, "\(owner) already has subscription \(taken.id) to \(settings.topic)")
            }
            try SubscriptionRecord(subscription).insert(db)
            return subscription
        }
    }

    public func subscription(id: String) async throws -> TopicSubscription? {
        try await read { db in try SubscriptionRecord.fetchOne(db, key: id)?.model() }
    }

    public func subscriptions(owner: String) async throws -> [TopicSubscription] {
        try await read { db in
            try SubscriptionRecord
                .filter(Column(SubscriptionRecord.CodingKeys.owner) == owner)
                .order(Column(SubscriptionRecord.CodingKeys.createdAt), Column(SubscriptionRecord.CodingKeys.id))
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func updateSubscription(id: String, _ settings: SubscriptionSettings) async throws -> TopicSubscription {
        try await write { db in
            var subscription = try Self.existingSubscription(db, id: id)
            try Self.validate(owner: subscription.owner, settings)
            let wasActive = subscription.status == .active
            let now = self.now()
            subscription.settings = settings
            subscription.lastError = nil
            try Self.save(db, &subscription, at: now)
            try Self.holdOrRelease(db, subscription, wasActive: wasActive, at: now)
            return subscription
        }
    }

    @discardableResult
    public func deleteSubscription(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM outbox WHERE destination = ? AND delivered_at IS NULL",
                arguments: [TopicSubscription.outboxDestination(id: id)])
            return try SubscriptionRecord.deleteOne(db, key: id)
        }
    }

    public func subscriptions(status: TopicSubscription.Status, limit: Int) async throws -> [TopicSubscription] {
        try await read { db in
            try SubscriptionRecord
                .filter(Column(SubscriptionRecord.CodingKeys.status) == status.rawValue)
                .order(Column(SubscriptionRecord.CodingKeys.updatedAt), Column(SubscriptionRecord.CodingKeys.id))
                .limit(limit)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    @discardableResult
    public func recordHandshake(subscriptionID: String, version: Int, _ outcome: HandshakeOutcome) async throws
        -> TopicSubscription?
    {
        try await write { db in
            guard var subscription = try SubscriptionRecord.fetchOne(db, key: subscriptionID)?.model(),
                subscription.version == version, subscription.status == .requested
            else { return nil }
            switch outcome {
            case .accepted:
                subscription.status = .active
                subscription.lastError = nil
            case .failed(let reason):
                subscription.status = .error
                subscription.lastError = reason
            }
            let now = self.now()
            try Self.save(db, &subscription, at: now)
            try Self.holdOrRelease(db, subscription, wasActive: false, at: now)
            return subscription
        }
    }

    public func notifications(subscriptionID: String, eventNumbers: ClosedRange<Int>, limit: Int) async throws
        -> [SubscriptionNotification]
    {
        let destination = TopicSubscription.outboxDestination(id: subscriptionID)
        return try await read { db in
            try OutboxRecord
                .filter(Column(OutboxRecord.CodingKeys.destination) == destination)
                .filter(eventNumbers.contains(Column(OutboxRecord.CodingKeys.eventNumber)))
                .order(Column(OutboxRecord.CodingKeys.eventNumber))
                .limit(max(limit, 0))
                .fetchAll(db)
                .compactMap { record in
                    record.eventNumber.map { number in
                        SubscriptionNotification(
                            eventNumber: number, payload: record.payload, createdAt: record.createdAt,
                            deliveredAt: record.deliveredAt)
                    }
                }
        }
    }

    /// Numbers the event for every subscription to `topic` that the case's submitter owns, and
    /// queues its notification, inside the caller's transaction (see ``NotificationBuilder``).
    ///
    /// Every such subscription counts the event (the Backport asks servers to keep counting
    /// while a subscription is in error, so its subscriber can see what it missed); an ended or
    /// `off` subscription gets no message, and one that is not `active` gets it held.
    static func enqueueSubscriptionEvents(
        _ db: Database, topic: String, payload: @Sendable (SubscriptionEvent) -> String, for detail: CaseDetail,
        at now: Date
    ) throws {
        let records = try SubscriptionRecord
            .filter(Column(SubscriptionRecord.CodingKeys.owner) == detail.paCase.submitter)
            .filter(Column(SubscriptionRecord.CodingKeys.topic) == topic)
            .order(Column(SubscriptionRecord.CodingKeys.id))
            .fetchAll(db)
        for record in records {
            var subscription = try record.model()
            if let end = subscription.settings.end, end <= now { continue }
            subscription.eventCount += 1
            try SubscriptionRecord(subscription).update(db, columns: [SubscriptionRecord.CodingKeys.eventCount.rawValue])
            guard subscription.status != .off else { continue }
            let event = SubscriptionEvent(
                detail: detail, subscription: subscription, eventNumber: subscription.eventCount, at: now)
            var message = try insertOutbox(
                db,
                OutboxDraft(
                    caseID: detail.paCase.id, destination: subscription.outboxDestination, payload: payload(event)),
                at: now, eventNumber: event.eventNumber)
            if subscription.status != .active {
                message.nextAttemptAt = heldUntil
                try message.update(db, columns: [OutboxRecord.CodingKeys.nextAttemptAt.rawValue])
            }
        }
    }

    /// The "next attempt" of a held notification: later than any real one, so
    /// ``dueOutboxMessages(limit:)`` never returns it until it is released.
    static let heldUntil = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    /// Holds a subscription's undelivered notifications when it is not `active`, and releases
    /// them (due now) when it has just become `active`.
    private static func holdOrRelease(_ db: Database, _ subscription: TopicSubscription, wasActive: Bool, at now: Date)
        throws
    {
        let destination = subscription.outboxDestination
        if subscription.status != .active {
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ? WHERE destination = ? AND delivered_at IS NULL",
                arguments: [heldUntil, destination])
        } else if !wasActive {
            try db.execute(
                sql: """
                    UPDATE outbox SET next_attempt_at = ?
                    WHERE destination = ? AND delivered_at IS NULL AND next_attempt_at = ?
                    """,
                arguments: [now, destination, heldUntil])
        }
    }

    /// Writes a changed subscription with its next version.
    private static func save(_ db: Database, _ subscription: inout TopicSubscription, at now: Date) throws {
        subscription.version += 1
        subscription.updatedAt = now
        try SubscriptionRecord(subscription).update(db)
    }

    private static func existingSubscription(_ db: Database, id: String) throws -> TopicSubscription {
        guard let record = try SubscriptionRecord.fetchOne(db, key: id) else {
            throw CaseStoreError(.subscriptionNotFound, "no subscription has the id \(id)")
        }
        return try record.model()
    }

    /// Refuses what could never be delivered, before anything is written.
    private static func validate(owner: String, _ settings: SubscriptionSettings) throws(CaseStoreError) {
        func refuse(_ message: String) -> CaseStoreError { CaseStoreError(.invalidRecord, "a subscription \(message)") }
        guard !owner.isBlank else { throw refuse("needs an owner") }
        guard !settings.topic.isEmpty else { throw refuse("needs a topic") }
        guard !settings.channel.endpoint.isEmpty else { throw refuse("needs an endpoint") }
    }
}
