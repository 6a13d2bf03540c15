import CaseStore
import FHIR
import Foundation

/// A PAS Subscription as the subscriber sent it, checked and read: what the service stores.
public struct PASSubscriptionRequest: Sendable, Hashable {
    /// The resource as received, without the server-owned `id`, `meta` and `status`.
    public var resource: JSON
    /// The status the subscriber asked for (`requested` when absent).
    public var status: TopicSubscription.Status
    /// The organization identifier the filter names (`org-identifier=1234567893` → `1234567893`;
    /// a `system|value` token → `value`).
    public var organizationIdentifier: String
    public var channel: SubscriptionChannel
    public var end: Date?
}
