/// Who calls `$submit` or `$inquire`: the organization cases are recorded for, and the NPIs it
/// is known by (a case names its provider by NPI).
public struct PASRequester: Sendable, Hashable {
    /// The case's `submitter` for this caller (`npi:1500000017`, else `client:<id>`).
    public var submitter: String
    public var npis: [String]

    public init(submitter: String, npis: [String]) {
        self.submitter = submitter
        self.npis = npis
    }
}
