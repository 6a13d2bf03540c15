import Foundation
import Testing

@testable import CaseStore

/// Notifications: written with the change they announce, retried with backoff until delivered.
struct OutboxTests {
    @Test func aDecisionQueuesItsNotificationInTheSameTransaction() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id

        let notify = NotificationBuilder { detail in
            [
                OutboxDraft(
                    caseID: detail.paCase.id,
                    destination: "https://ehr.example/notify",
                    payload: detail.paCase.status.rawValue
                )
            ]
        }
        // A refused decision queues nothing.
        await expectError(.denialWithoutReason) {
            try await t.store.recordDecision(
                caseID: caseID,
                itemSequence: 1,
                decision: ItemDecision(.notCertified),
                actor: "reviewer-1",
                notify: notify
            )
        }
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)

        try await t.store.recordDecision(
            caseID: caseID,
            itemSequence: 1,
            decision: Fixtures.deny,
            actor: "reviewer-1",
            notify: notify
        )
        let due = try await t.store.dueOutboxMessages(limit: 10)
        #expect(due.count == 1)
        #expect(due[0].caseID == caseID)
        #expect(due[0].payload == "denied")  // built from the state being committed
        #expect(due[0].attempts == 0)
    }

    @Test func anExtensionCanNotifyToo() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.extendDueTime(
            caseID: caseID,
            DueTimeExtensionRequest(days: 3, reason: "Awaiting records", actor: "reviewer-1"),
            notify: NotificationBuilder { detail in
                [OutboxDraft(caseID: detail.paCase.id, destination: "https://ehr.example/notify", payload: "extended")]
            }
        )
        #expect(try await t.store.dueOutboxMessages(limit: 10).map(\.payload) == ["extended"])
    }

    @Test func failedDeliveriesWaitAndDeliveredOnesStop() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let message = try await t.store.enqueue(
            OutboxDraft(caseID: nil, destination: "https://ehr.example/notify", payload: "{}")
        )
        #expect(try await t.store.dueOutboxMessages(limit: 10).map(\.id) == [message.id])

        let retryAt = OutboxBackoff.nextAttempt(afterAttempts: 1, from: t.time.now())
        try await t.store.markFailed(messageID: message.id, error: "HTTP 503", nextAttemptAt: retryAt)
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)

        t.time.advance(by: 30)
        let due = try await t.store.dueOutboxMessages(limit: 10)
        #expect(due.map(\.id) == [message.id])
        #expect(due[0].attempts == 1)
        #expect(due[0].lastError == "HTTP 503")

        try await t.store.markDelivered(messageID: message.id)
        try await t.store.markDelivered(messageID: message.id)  // harmless twice
        #expect(try await t.store.dueOutboxMessages(limit: 10).isEmpty)
        #expect(try await t.store.counts()["outbox"] == 1)

        await expectError(.messageNotFound) { try await t.store.markDelivered(messageID: 999) }
    }

    @Test func backoffDoublesUpToAnHour() {
        #expect(OutboxBackoff.delay(afterAttempts: 1) == 30)
        #expect(OutboxBackoff.delay(afterAttempts: 2) == 60)
        #expect(OutboxBackoff.delay(afterAttempts: 3) == 120)
        #expect(OutboxBackoff.delay(afterAttempts: 10) == 3600)
        #expect(OutboxBackoff.delay(afterAttempts: 1000) == 3600)
    }
}
