import CaseStore
import FHIR
import Foundation
import Identifiers

/// Backport notification Bundles (`backport-subscription-notification-r4`): a `history` Bundle
/// whose first entry is the SubscriptionStatus, as a `GET …/Subscription/<id>/$status` that
/// answered 200, followed by the payload entries.
public struct BackportNotification: Sendable {
    /// The FHIR base URL subscriptions live under.
    public var baseURL: String

    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The handshake a rest-hook gets before its first notification. The subscription is still
    /// `requested` while it is sent (the Backport: it becomes `active` once the endpoint accepts).
    public func handshake(for subscription: TopicSubscription, at moment: Date) -> JSON {
        bundle(status(of: subscription, type: .handshake, status: .requested), at: moment)
    }

    /// A heartbeat: nothing happened, and the channel still works.
    public func heartbeat(for subscription: TopicSubscription, at moment: Date) -> JSON {
        bundle(status(of: subscription, type: .heartbeat, status: subscription.status), at: moment)
    }

    /// `Subscription/<id>` under the base URL.
    public func subscriptionURL(_ id: String) -> String { "\(baseURL)/Subscription/\(id)" }

    func status(
        of subscription: TopicSubscription, type: SubscriptionStatusParameters.NotificationType,
        status: TopicSubscription.Status, events: [SubscriptionStatusParameters.Event] = []
    ) -> SubscriptionStatusParameters {
        SubscriptionStatusParameters(
            id: RandomIdentifier.uuid(), subscription: subscriptionURL(subscription.id),
            topic: subscription.settings.topic, status: status, type: type,
            eventsSinceSubscriptionStart: subscription.eventCount, events: events,
            errors: status == .error ? [subscription.lastError ?? "The subscription is in error."] : [])
    }

    /// What `$status` says of a subscription: its status now, its event count and, in `error`,
    /// why.
    public func queryStatus(of subscription: TopicSubscription) -> JSON {
        status(of: subscription, type: .queryStatus, status: subscription.status).json
    }

    /// The history Bundle: the status first, then `entries` (each with its own request and
    /// response, which history Bundles require).
    func bundle(_ status: SubscriptionStatusParameters, at moment: Date, entries: [FHIRBundle.Entry] = []) -> JSON {
        let statusEntry = FHIRBundle.Entry(
            fullUrl: "urn:uuid:\(status.id)", resource: status.json,
            request: .init(method: "GET", url: "\(status.subscription)/$status"), response: .init(status: "200"))
        var json = JSON.resource(
            type: "Bundle", id: RandomIdentifier.uuid(), ["meta": ["profile": [.string(Backport.notificationProfile)]]])
        json["type"] = .string(FHIRBundle.BundleType.history.rawValue)
        json["timestamp"] = .string(FHIRInstant(moment).description)
        json["entry"] = .array(([statusEntry] + entries).map(\.json))
        return json
    }
}
