import Foundation

/// Topic-based subscriptions (FHIR Subscriptions Backport): kept with the cases, because a
/// subscription's event numbers are assigned in the transaction that changes a case (see
/// ``NotificationBuilder/init(topic:payload:)``). ``CaseStore`` inherits it.
///
/// The store does not check who may see or change a subscription: callers compare
/// ``TopicSubscription/owner`` with their caller first.
///
/// Undelivered notifications follow their subscription: held while it is not `active`
/// (`requested`, `error`, `off`), released when it becomes `active`, deleted with it.
public protocol SubscriptionStore: Sendable {
    /// Adds a subscription for `owner` with a new id, event count 0 and version 1. Refuses a
    /// second subscription of the same owner to the same topic
    /// (``CaseStoreError/Code/duplicateSubscription``).
    func createSubscription(owner: String, _ settings: SubscriptionSettings) async throws -> TopicSubscription

    func subscription(id: String) async throws -> TopicSubscription?
    /// An owner's subscriptions, oldest first.
    func subscriptions(owner: String) async throws -> [TopicSubscription]

    /// Replaces a subscription's settings (its owner, event count and creation stay), clears its
    /// error and bumps its version. ``CaseStoreError/Code/subscriptionNotFound`` when there is none.
    func updateSubscription(id: String, _ settings: SubscriptionSettings) async throws -> TopicSubscription

    /// Deletes a subscription and its undelivered notifications; `false` when there was none.
    @discardableResult
    func deleteSubscription(id: String) async throws -> Bool

    /// A subscription's notifications numbered within `eventNumbers`, lowest first, at most
    /// `limit` of them. Events counted while the subscription was `off` have none.
    func notifications(subscriptionID: String, eventNumbers: ClosedRange<Int>, limit: Int) async throws
        -> [SubscriptionNotification]

    /// Subscriptions in `status`, least recently changed first: `requested` ones wait for their
    /// handshake, `active` ones may be owed a heartbeat.
    func subscriptions(status: TopicSubscription.Status, limit: Int) async throws -> [TopicSubscription]

    /// Records the handshake sent for `version` of a subscription: `active` (releasing its held
    /// notifications) or `error`. Returns `nil`, changing nothing, when the subscription has
    /// changed since (a newer version waits for its own handshake) or is gone.
    @discardableResult
    func recordHandshake(subscriptionID: String, version: Int, _ outcome: HandshakeOutcome) async throws
        -> TopicSubscription?
}
