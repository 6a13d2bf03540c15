/// The PAS subscription topic and the Subscriptions Backport (R4) URLs a PAS subscription uses.
///
/// PAS defines one topic, `PASSubscriptionTopic`: a result is available on a ClaimResponse,
/// filtered by the requesting organization, notified with a Bundle (`Basic-PASSubscriptionTopic`
/// in `Fixtures/ig-examples/pas/ig-2.2.1`).
public enum PASSubscriptionTopic {
    /// The topic's canonical URL: what `Subscription.criteria` must be.
    public static let url = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic"
    /// The PAS Subscription profile (Backport `backport-subscription` with the PAS topic).
    public static let subscriptionProfile = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-subscription"

    /// The filter parameter: the IG text says `org-identifier`, the topic and its example
    /// `orgIdentifier`; both are accepted, `org-identifier` is what 2.2 asks for.
    static let filterParameters: Set<String> = ["org-identifier", "orgIdentifier"]
}

/// URLs of the Subscriptions R5 Backport IG (`hl7.fhir.uv.subscriptions-backport`, R4 profiles).
enum Backport {
    private static let base = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"

    static let subscriptionProfile = base + "backport-subscription"
    static let subscriptionStatusProfile = base + "backport-subscription-status-r4"
    static let notificationProfile = base + "backport-subscription-notification-r4"

    /// On `Subscription.criteria`: `valueString` filter criteria.
    static let filterCriteria = base + "backport-filter-criteria"
    /// On `Subscription.channel.payload`: `valueCode` empty | id-only | full-resource.
    static let payloadContent = base + "backport-payload-content"
    /// On `Subscription.channel`: `valueUnsignedInt` seconds between heartbeats.
    static let heartbeatPeriod = base + "backport-heartbeat-period"
    /// On `Subscription.channel`: `valueUnsignedInt` seconds allowed per notification attempt.
    static let timeout = base + "backport-timeout"
    /// On `Subscription.channel`: `valuePositiveInt` events per notification.
    static let maxCount = base + "backport-max-count"
    /// On `Subscription.channel.type`: a channel type not in R4's code list (`valueCoding`).
    static let channelType = base + "backport-channel-type"
}
