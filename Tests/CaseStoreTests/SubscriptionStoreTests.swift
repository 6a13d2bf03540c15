import Foundation
import GRDB
import Testing

@testable import CaseStore

/// Topic subscriptions: kept per owner, numbered in the transaction that changes a case, their
/// notifications held while they are not active.
struct SubscriptionStoreTests {
    static let topic = "http://example.org/SubscriptionTopic/results"
    static let owner = "org-clinic-1"

    static func settings(
        status: TopicSubscription.Status = .requested, endpoint: String = "https://clinic.example/hook"
    ) -> SubscriptionSettings {
        SubscriptionSettings(
            topic: topic, status: status,
            channel: SubscriptionChannel(endpoint: endpoint, headers: ["Authorization: Bearer abc"]),
            resourceJSON: #"{"resourceType":"Subscription"}"#)
    }

    /// A notification per subscription whose body is its event number.
    static let numbered = NotificationBuilder(topic: topic) { event in
        "\(event.subscription.id) #\(event.eventNumber)"
    }

    @Test func aSubscriptionIsStoredReadListedChangedAndDeleted() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let created = try await t.store.createSubscription(owner: Self.owner, Self.settings())
        #expect(created.status == .requested)
        #expect(created.eventCount == 0)
        #expect(created.version == 1)
        #expect(try await t.store.subscription(id: created.id) == created)
        #expect(try await t.store.subscriptions(owner: Self.owner).map(\.id) == [created.id])
        #expect(try await t.store.subscriptions(owner: "org-other").isEmpty)

        t.time.advance(by: 60)
        let changed = try await t.store.updateSubscription(
            id: created.id, Self.settings(status: .off, endpoint: "https://clinic.example/other"))
        #expect(changed.version == 2)
        #expect(changed.status == .off)
        #expect(changed.settings.channel.endpoint == "https://clinic.example/other")
        #expect(changed.createdAt == created.createdAt)
        #expect(changed.updatedAt > created.updatedAt)

        // Still there after a restart.
        let reopened = try t.reopen()
        #expect(try await reopened.subscription(id: created.id) == changed)
        try reopened.close()

        #expect(try await t.store.deleteSubscription(id: created.id))
        #expect(try await t.store.subscription(id: created.id) == nil)
        #expect(try await t.store.deleteSubscription(id: created.id) == false)
        await expectError(.subscriptionNotFound) { _ = try await t.store.updateSubscription(id: created.id, Self.settings()) }
    }

    @Test func anOwnerHasOneSubscriptionPerTopic() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        _ = try await t.store.createSubscription(owner: Self.owner, Self.settings())
        await expectError(.duplicateSubscription) {
            _ = try await t.store.createSubscription(owner: Self.owner, Self.settings(endpoint: "https://elsewhere.example"))
        }
        _ = try await t.store.createSubscription(owner: "org-other", Self.settings())
    }

    @Test func eventsAreNumberedPerSubscriptionWithoutGapsOrRepeats() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await Self.activeSubscription(t.store)
        let other = try await t.store.createSubscription(owner: "org-other", Self.settings())
        let caseID = try await t.store.openCase(Fixtures.intake(items: 3)).paCase.id

        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        // A refused decision rolls back, its number with it.
        await expectError(.denialWithoutReason) {
            try await t.store.recordDecision(
                caseID: caseID, itemSequence: 2, decision: ItemDecision(.notCertified), actor: "r", notify: Self.numbered)
        }
        try await t.store.recordDecision(caseID: caseID, itemSequence: 2, decision: Fixtures.deny, actor: "r", notify: Self.numbered)
        try await t.store.extendDueTime(
            caseID: caseID, DueTimeExtensionRequest(days: 2, reason: "Awaiting records", actor: "r"), notify: Self.numbered)

        let payloads = try await t.store.dueOutboxMessages(limit: 10).map(\.payload)
        #expect(payloads == (1...3).map { "\(subscription.id) #\($0)" })
        #expect(try await t.store.subscription(id: subscription.id)?.eventCount == 3)
        // Another organization's subscription hears nothing of this case.
        #expect(try await t.store.subscription(id: other.id)?.eventCount == 0)
        #expect(try await t.store.dueOutboxMessages(limit: 10).allSatisfy { $0.destination == "Subscription/\(subscription.id)" })
    }

    @Test func notificationsAreHeldUntilTheHandshakeAndReleasedWhenItSucceeds() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await t.store.createSubscription(owner: Self.owner, Self.settings())
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.pend, actor: "r", notify: Self.numbered)
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)  // held: not active yet

        #expect(try await t.store.subscriptions(status: .requested, limit: 10).map(\.id) == [subscription.id])
        // A handshake for a version that has changed since counts for nothing.
        #expect(try await t.store.recordHandshake(subscriptionID: subscription.id, version: 99, .accepted) == nil)
        let active = try #require(try await t.store.recordHandshake(subscriptionID: subscription.id, version: 1, .accepted))
        #expect(active.status == .active)
        #expect(try await t.store.subscriptions(status: .requested, limit: 10).isEmpty)
        #expect(try await t.store.dueOutboxMessages(limit: 10).map(\.payload) == ["\(subscription.id) #1"])
    }

    @Test func aFailedHandshakeHoldsNotificationsUntilReactivation() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await t.store.createSubscription(owner: Self.owner, Self.settings())
        let failed = try #require(
            try await t.store.recordHandshake(subscriptionID: subscription.id, version: 1, .failed("HTTP 503")))
        #expect(failed.status == .error)
        #expect(failed.lastError == "HTTP 503")

        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        #expect(try await t.store.subscription(id: subscription.id)?.eventCount == 1)  // counted while in error
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)

        let requested = try await t.store.updateSubscription(id: subscription.id, Self.settings())
        #expect(requested.lastError == nil)
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)
        try await t.store.recordHandshake(subscriptionID: subscription.id, version: requested.version, .accepted)
        #expect(try await t.store.dueOutboxMessages(limit: 10).count == 1)
    }

    @Test func anOffSubscriptionCountsEventsButQueuesNothing() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await Self.activeSubscription(t.store)
        _ = try await t.store.updateSubscription(id: subscription.id, Self.settings(status: .off))
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        #expect(try await t.store.subscription(id: subscription.id)?.eventCount == 1)
        #expect(try await t.store.counts()["outbox"] == 0)
    }

    @Test func deletingASubscriptionDeletesItsUndeliveredNotifications() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await Self.activeSubscription(t.store)
        let caseID = try await t.store.openCase(Fixtures.intake(items: 2)).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        let delivered = try #require(try await t.store.dueOutboxMessages(limit: 10).first)
        try await t.store.markDelivered(messageID: delivered.id)
        try await t.store.recordDecision(caseID: caseID, itemSequence: 2, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        #expect(try await t.store.dueOutboxMessages(limit: 10).count == 1)

        try await t.store.deleteSubscription(id: subscription.id)
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)
        #expect(try await t.store.counts()["outbox"] == 1)  // the delivered one stays on record
    }

    @Test func theDatabaseRefusesToHandOutAnEventNumberTwice() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await Self.activeSubscription(t.store)
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "r", notify: Self.numbered)
        try t.store.close()
        // Another program on the same file, trying to wind the counter back.
        let queue = try DatabaseQueue(path: t.path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "UPDATE subscription SET event_count = 0 WHERE id = ?", arguments: [subscription.id])
            }
        }
        try queue.close()
    }

    /// A subscription of ``owner`` that passed its handshake.
    static func activeSubscription(_ store: SQLiteCaseStore) async throws -> TopicSubscription {
        let created = try await store.createSubscription(owner: owner, settings())
        return try #require(try await store.recordHandshake(subscriptionID: created.id, version: created.version, .accepted))
    }
}
