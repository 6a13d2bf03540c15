import Foundation
import GRDB
import Testing

@testable import CaseStore

/// A subscription's past notifications, found by event number for `$events`.
struct SubscriptionNotificationHistoryTests {
    typealias Subscriptions = SubscriptionStoreTests

    @Test func notificationsAreFoundByEventNumberDeliveredOrNot() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let subscription = try await t.store.createSubscription(owner: Subscriptions.owner, Subscriptions.settings())
        let caseID = try await t.store.openCase(Fixtures.intake(items: 3)).paCase.id
        for sequence in 1...3 {
            try await t.store.recordDecision(
                caseID: caseID, itemSequence: sequence, decision: Fixtures.approve, actor: "r", notify: Subscriptions.numbered)
        }
        // Delivered ones stay readable.
        try await t.store.recordHandshake(subscriptionID: subscription.id, version: subscription.version, .accepted)
        let first = try #require(try await t.store.dueOutboxMessages(limit: 1).first)
        try await t.store.markDelivered(messageID: first.id)

        let all = try await t.store.notifications(subscriptionID: subscription.id, eventNumbers: 1...100, limit: 10)
        #expect(all.map(\.eventNumber) == [1, 2, 3])
        #expect(all.map(\.payload) == (1...3).map { "\(subscription.id) #\($0)" })
        #expect(all[0].deliveredAt != nil)
        #expect(try await t.store.notifications(subscriptionID: subscription.id, eventNumbers: 2...2, limit: 10).map(\.eventNumber) == [2])
        #expect(try await t.store.notifications(subscriptionID: subscription.id, eventNumbers: 1...100, limit: 2).map(\.eventNumber) == [1, 2])
        #expect(try await t.store.notifications(subscriptionID: "someone-else", eventNumbers: 1...100, limit: 10).isEmpty)
    }

    /// Notifications queued before the event-number column existed get theirs from their
    /// SubscriptionStatus when the store migrates.
    @Test func olderNotificationsAreNumberedFromTheirStatus() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v6-questionnaire-responses")
        let notification = #"""
            {"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters","parameter":[
            {"name":"type","valueCode":"event-notification"},
            {"name":"notification-event","part":[{"name":"event-number","valueString":"7"},{"name":"timestamp","valueInstant":"2026-03-05T15:00:00Z"}]}]}}]}
            """#
        try queue.write { db in
            for (destination, payload) in [("Subscription/s-1", notification), ("Subscription/s-1", "not json"), ("https://elsewhere.example", notification)] {
                try db.execute(
                    sql: "INSERT INTO outbox (destination, payload, created_at, next_attempt_at) VALUES (?, ?, '2026-03-05 15:00:00.000', '2026-03-05 15:00:00.000')",
                    arguments: [destination, payload])
            }
        }
        try Migrations.migrator.migrate(queue)
        let numbers = try queue.read { db in try Int?.fetchAll(db, sql: "SELECT event_number FROM outbox ORDER BY id") }
        #expect(numbers == [7, nil, nil])
    }
}
