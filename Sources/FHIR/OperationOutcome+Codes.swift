extension OperationOutcome {
    /// How bad an issue is (FHIR value set `issue-severity`).
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        /// The operation failed and nothing more could be done.
        case fatal
        /// The operation failed because of this issue.
        case error
        /// The operation succeeded but something deserves attention.
        case warning
        /// Purely informative.
        case information
    }

    /// What kind of issue it is (FHIR value set `issue-type`). Raw values are the FHIR codes.
    public enum IssueType: String, Sendable, Hashable, CaseIterable {
        case invalid
        case structure
        case required
        case value
        case invariant
        case security
        case login
        case unknown
        case expired
        case forbidden
        case suppressed
        case processing
        case notSupported = "not-supported"
        case duplicate
        case multipleMatches = "multiple-matches"
        case notFound = "not-found"
        case deleted
        case tooLong = "too-long"
        case codeInvalid = "code-invalid"
        case `extension`
        case tooCostly = "too-costly"
        case businessRule = "business-rule"
        case conflict
        case transient
        case lockError = "lock-error"
        case noStore = "no-store"
        case exception
        case timeout
        case incomplete
        case throttled
        case informational
    }
}
