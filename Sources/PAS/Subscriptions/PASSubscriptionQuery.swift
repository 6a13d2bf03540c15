import CaseStore

/// Which of its own subscriptions a caller asks for: `GET /Subscription?url=…&status=…` (the
/// Backport server's search parameters) and `$status`'s `id` and `status` parameters.
///
/// Each criterion is a list of alternatives per occurrence, as FHIR search reads it: values
/// separated by commas within one parameter are alternatives (OR); repeating a parameter
/// requires every occurrence to match (AND). An empty list puts no condition.
public struct PASSubscriptionQuery: Sendable, Hashable {
    /// Alternatives for the channel endpoint (`url`), per occurrence.
    public var endpoints: [[String]] = []
    /// Alternatives for the status, per occurrence.
    public var statuses: [[String]] = []
    /// Alternatives for the id (`$status?id=`), per occurrence.
    public var ids: [[String]] = []

    public init(endpoints: [[String]] = [], statuses: [[String]] = [], ids: [[String]] = []) {
        self.endpoints = endpoints
        self.statuses = statuses
        self.ids = ids
    }

    /// One parameter's occurrences split into their comma-separated alternatives.
    public static func alternatives(_ occurrences: [String]) -> [[String]] {
        occurrences.map { $0.split(separator: ",", omittingEmptySubsequences: true).map(String.init) }
    }

    func matches(_ subscription: TopicSubscription) -> Bool {
        Self.every(endpoints, contains: subscription.settings.channel.endpoint)
            && Self.every(statuses, contains: subscription.status.rawValue)
            && Self.every(ids, contains: subscription.id)
    }

    private static func every(_ occurrences: [[String]], contains value: String) -> Bool {
        occurrences.allSatisfy { $0.contains(value) }
    }
}
