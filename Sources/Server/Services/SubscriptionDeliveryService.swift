import CaseStore
import FHIR
import Foundation
import Logging
import PAS
import Prometheus
import ServiceLifecycle

/// Sends what subscribers are owed while the server runs: handshakes to new (or reactivated)
/// subscriptions, then the notifications waiting in the outbox.
///
/// Delivery guarantees, all resting on the outbox being in the case store:
/// - A notification is written in the transaction that changes the case, so it exists exactly
///   when the change does; it survives restarts and is sent until the endpoint answers 2xx
///   (at least once: a crash between the answer and `markDelivered` sends it again).
/// - Failures wait `subscriptionRetryBaseSeconds`, doubling up to `subscriptionRetryMaxSeconds`
///   (``OutboxBackoff``); the subscription stays `active` meanwhile.
/// - A subscription's notifications go out one at a time, oldest first; after a failure a later
///   notification may arrive before the retried earlier one, so subscribers order them by
///   `event-number` (which never skips or repeats).
/// - Notifications of a subscription that is not `active` are held (see ``SubscriptionStore``).
///
/// Handshakes are tried once: the Backport says any error in the initial handshake SHALL put
/// the subscription in `error` (channels.md, "REST-Hook"); its owner reactivates it with a PUT
/// asking for `requested` or `active`, which sends a new handshake.
///
/// An active subscription with a `backport-heartbeat-period` gets a `heartbeat` Bundle when that
/// long has passed without any POST to it (tried once; the next comes a period later).
struct SubscriptionDeliveryService: Service {
    struct Settings: Sendable {
        var pollInterval: Duration
        var retryBase: TimeInterval
        var retryMax: TimeInterval
        /// The longest one POST may take.
        var timeout: Duration
    }

    let store: any CaseStore
    let client: OutboundFHIRClient
    let notifications: BackportNotification
    let settings: Settings
    let timeSource: any TimeSource
    let metrics: PrometheusCollectorRegistry
    let logger: Logger
    let contacts = SubscriptionContacts()

    /// Messages read per round; a full round is followed by another at once.
    static let batchSize = 50

    func run() async throws {
        for outcome in ["delivered", "failed"] { _ = counter(outcome) }
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await deliverOnce()
                    try await Task.sleep(for: settings.pollInterval)
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: undelivered messages stay in the outbox for the next start.
        }
    }

    /// One round: pending handshakes, then every notification due.
    func deliverOnce() async {
        await sendHandshakes()
        // A full batch may mean more are due; a bounded number of batches keeps a round finite.
        for _ in 0..<20 where !Task.isCancelled {
            guard await drainOutbox() == Self.batchSize else { break }
        }
        await sendHeartbeats()
    }

    private func sendHandshakes() async {
        let pending: [TopicSubscription]
        do {
            pending = try await store.subscriptions(status: .requested, limit: Self.batchSize)
        } catch {
            report(error, "reading pending handshakes")
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for subscription in pending {
                group.addTask { await handshake(subscription) }
            }
        }
    }

    private func handshake(_ subscription: TopicSubscription) async {
        let bundle = notifications.handshake(for: subscription, at: timeSource.now())
        let outcome: HandshakeOutcome
        do {
            try await post(bundle.serializedString(), to: subscription)
            outcome = .accepted
        } catch {
            outcome = .failed("The handshake failed: \(error.description)")
            logger.warning(
                "Subscription handshake failed", metadata: ["subscription": "\(subscription.id)", "error": "\(error)"])
        }
        do {
            try await store.recordHandshake(subscriptionID: subscription.id, version: subscription.version, outcome)
        } catch {
            report(error, "recording a handshake", metadata: ["subscription": "\(subscription.id)"])
        }
    }

    private func sendHeartbeats() async {
        let active: [TopicSubscription]
        do {
            active = try await store.subscriptions(status: .active, limit: 10_000)
        } catch {
            report(error, "reading active subscriptions")
            return
        }
        let now = timeSource.now()
        let owed = active.filter { subscription in
            guard let period = subscription.settings.channel.heartbeatPeriod else { return false }
            return now.timeIntervalSince(contacts.lastContact(subscription.id, defaultingTo: now)) >= Double(period)
        }
        await withTaskGroup(of: Void.self) { group in
            for subscription in owed {
                group.addTask {
                    do {
                        try await post(notifications.heartbeat(for: subscription, at: now).serializedString(), to: subscription)
                    } catch {
                        logger.warning(
                            "Subscription heartbeat failed", metadata: ["subscription": "\(subscription.id)", "error": "\(error)"])
                    }
                }
            }
        }
    }

    /// Sends one batch of due messages, each destination's in order, destinations side by side;
    /// returns how many were read.
    private func drainOutbox() async -> Int {
        let due: [OutboxMessage]
        do {
            due = try await store.dueOutboxMessages(limit: Self.batchSize)
        } catch {
            report(error, "reading the outbox")
            return 0
        }
        let byDestination = Dictionary(grouping: due, by: \.destination)
        await withTaskGroup(of: Void.self) { group in
            for messages in byDestination.values {
                group.addTask {
                    for message in messages {
                        guard await deliver(message) else { break }  // keep the rest behind it
                    }
                }
            }
        }
        return due.count
    }

    /// Sends one message and records the result; `false` when it failed.
    private func deliver(_ message: OutboxMessage) async -> Bool {
        do {
            if let id = TopicSubscription.subscriptionID(fromDestination: message.destination) {
                // A deleted subscription took its messages with it; one that is not active has
                // them held. Either way there is nothing to send.
                guard let subscription = try await store.subscription(id: id), subscription.status == .active else {
                    return true
                }
                try await post(message.payload, to: subscription)
            } else {
                try await client.postNotification(
                    message.payload, to: message.destination, contentType: "application/fhir+json", headers: [],
                    timeout: settings.timeout)
            }
            try await store.markDelivered(messageID: message.id)
            counter("delivered").increment()
            return true
        } catch let error as NotificationDeliveryError {
            counter("failed").increment()
            let attempts = message.attempts + 1
            let wait = OutboxBackoff.delay(afterAttempts: attempts, base: settings.retryBase, cap: settings.retryMax)
            logger.warning(
                "Notification delivery failed",
                metadata: [
                    "message": "\(message.id)", "destination": "\(message.destination)", "attempts": "\(attempts)",
                    "retry_in_seconds": "\(wait)", "error": "\(error)",
                ])
            do {
                try await store.markFailed(
                    messageID: message.id, error: error.description, nextAttemptAt: timeSource.now().addingTimeInterval(wait))
            } catch {
                report(error, "recording a failed delivery", metadata: ["message": "\(message.id)"])
            }
            return false
        } catch {
            report(error, "updating the outbox", metadata: ["message": "\(message.id)"])
            return false
        }
    }

    /// POSTs to a subscription's endpoint with its headers, media type and time limit.
    private func post(_ body: String, to subscription: TopicSubscription) async throws(NotificationDeliveryError) {
        defer { contacts.touch(subscription.id, at: timeSource.now()) }
        let channel = subscription.settings.channel
        let timeout = channel.timeout.map { min(Duration.seconds($0), settings.timeout) } ?? settings.timeout
        try await client.postNotification(
            body, to: channel.endpoint, contentType: channel.payloadType, headers: channel.headers, timeout: timeout)
    }

    /// Logs a store failure, except the cancellation of a graceful shutdown.
    private func report(_ error: any Error, _ doing: String, metadata: Logger.Metadata = [:]) {
        guard !(error is CancellationError) else { return }
        logger.error("Subscriptions: \(doing) failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
    }

    private func counter(_ outcome: String) -> Counter {
        metrics.greenlightCounter(
            "subscription_notifications", labels: [("outcome", outcome)],
            help: "Subscription notification POSTs, by outcome (handshakes excluded).")
    }
}
