import FHIR

/// What the coverage-information extensions of one response share: the hook (supporting hooks
/// answer with less), the EHR's Coverage, the assertion id and the day.
public struct CoverageInformationContext: Sendable, Hashable {
    public var hook: HookName
    public var coverage: Reference
    /// One id per response and Coverage (CRD: same coverage ⇒ same assertion id).
    public var assertionID: String
    public var date: String

    public init(hook: HookName, coverage: Reference, assertionID: String, date: String) {
        self.hook = hook
        self.coverage = coverage
        self.assertionID = assertionID
        self.date = date
    }
}
