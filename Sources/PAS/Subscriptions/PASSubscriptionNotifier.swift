import CaseStore
import FHIR
import Foundation
import Identifiers

/// Notifies PAS subscribers that a prior-authorization response changed: the one thing every
/// code path that changes a case's answer passes to the store as `notify:` (a reviewer's
/// decision, an update with new information, a clock extension), so subscribers hear of each
/// change in the same words.
///
/// ```swift
/// let notify = PASSubscriptionNotifier(version: .v2_1, baseURL: baseURL).builder
/// try await store.recordDecisions(caseID: id, decisions: decisions, actor: reviewer, notify: notify)
/// ```
///
/// Every subscription of the case's submitting organization to the PAS topic gets a Backport
/// `history` Bundle: the SubscriptionStatus (`event-notification`, `status` active, the topic,
/// the subscription, `events-since-subscription-start` and one `notification-event` with its
/// number, timestamp and focus), then
/// - `full-resource` (PAS 2.1, 2.2): the whole PAS response Bundle for the case as committed.
///   The focus references that Bundle by its entry's `fullUrl`: the official notification example
///   and the Inferno PAS kit both resolve the focus to the notification's entry holding the
///   Response Bundle (the ClaimResponse inside it is its first entry);
/// - `id-only` (PAS 2.0.1): an entry with only the ClaimResponse's `fullUrl`, which is also the
///   focus; the subscriber reads the result with `Claim/$inquire`.
///
/// Should the stored request no longer read as a PAS Bundle, a `full-resource` subscriber gets
/// the `id-only` form rather than the change being refused: a reviewer's decision must not
/// fail over a notification's payload.
public struct PASSubscriptionNotifier: Sendable {
    public var responses: PASResponseBuilder
    let notifications: BackportNotification

    public init(responses: PASResponseBuilder) {
        self.responses = responses
        self.notifications = BackportNotification(baseURL: responses.baseURL)
    }

    public init(version: PASVersion = .v2_1, baseURL: String) {
        self.init(responses: PASResponseBuilder(version: version, baseURL: baseURL))
    }

    /// What to pass as `notify:` to the case store.
    public var builder: NotificationBuilder {
        NotificationBuilder(topic: PASSubscriptionTopic.url) { event in
            self.notification(for: event).serializedString()
        }
    }

    /// The notification Bundle for one event.
    public func notification(for event: SubscriptionEvent) -> JSON {
        let payload: (focus: String, entry: FHIRBundle.Entry) =
            event.subscription.settings.channel.content == .fullResource
            ? (fullResource(event) ?? idOnly(event)) : idOnly(event)
        // Notifications are delivered only while the subscription is active (held otherwise),
        // so `active` is its status whenever this Bundle is sent.
        let status = notifications.status(
            of: event.subscription, type: .eventNotification, status: .active,
            events: [.init(number: event.eventNumber, timestamp: event.at, focus: payload.focus)])
        return notifications.bundle(status, at: event.at, entries: [payload.entry])
    }

    /// The PAS response Bundle as its own entry, with an id so it can be referenced.
    private func fullResource(_ event: SubscriptionEvent) -> (focus: String, entry: FHIRBundle.Entry)? {
        guard let request = try? JSON.parse(event.detail.paCase.requestJSON),
            let response = try? responses.response(to: request, for: event.detail, at: event.at),
            var elements = response.object
        else { return nil }
        _ = elements.removeValue(forKey: "resourceType")
        let id = RandomIdentifier.uuid()
        let fullUrl = "\(responses.baseURL)/Bundle/\(id)"
        let entry = FHIRBundle.Entry(
            fullUrl: fullUrl, resource: JSON.resource(type: "Bundle", id: id, elements),
            request: .init(method: "GET", url: fullUrl), response: .init(status: "200"))
        return (fullUrl, entry)
    }

    /// Only the ClaimResponse's address (its id is the case id).
    private func idOnly(_ event: SubscriptionEvent) -> (focus: String, entry: FHIRBundle.Entry) {
        let fullUrl = "\(responses.baseURL)/ClaimResponse/\(event.detail.paCase.id)"
        return (fullUrl, FHIRBundle.Entry(
            fullUrl: fullUrl, request: .init(method: "GET", url: fullUrl), response: .init(status: "200")))
    }
}
