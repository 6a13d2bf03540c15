/// Who manages a PAS subscription: the provider organization (or sending system) a client
/// speaks for.
public struct PASSubscriptionOwner: Sendable, Hashable {
    /// The organization in the case store's submitter form (`npi:1500000017`, else
    /// `client:<id>`): the same key its cases are recorded under, which is how its subscription
    /// finds them.
    public var submitter: String
    /// The identifiers the organization is known by (its NPI and other organization identifiers,
    /// its client id): the values its subscription's `org-identifier` filter may name.
    public var identifiers: Set<String>

    public init(submitter: String, identifiers: Set<String>) {
        self.submitter = submitter
        self.identifiers = identifiers
    }
}
