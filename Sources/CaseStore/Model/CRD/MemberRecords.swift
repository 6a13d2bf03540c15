/// What the store holds about the patient behind an EHR's Coverage, read in one transaction:
/// our coverages that carry any of the identifiers the EHR sent, the members they belong to,
/// and each of those members' earlier prior-authorization cases.
public struct MemberRecords: Sendable, Hashable {
    /// Matching coverages, each once, in the order of the identifiers that found them.
    public var coverages: [MemberCoverage] = []
    /// The coverages' members, by id.
    public var members: [String: Member] = [:]
    /// Each member's cases with their items, newest case first.
    public var cases: [String: [CaseDetail]] = [:]

    public init(coverages: [MemberCoverage] = [], members: [String: Member] = [:], cases: [String: [CaseDetail]] = [:]) {
        self.coverages = coverages
        self.members = members
        self.cases = cases
    }
}
