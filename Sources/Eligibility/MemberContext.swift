import CaseStore
import FHIR

/// The member a request is about, matched to the payer's directory: the client's Coverage, our
/// payer, coverage, member and plan, and the member's earlier authorizations.
public struct MemberContext: Sendable {
    public var clientCoverage: ClientCoverage
    public var payer: Payer
    public var coverage: MemberCoverage
    public var member: Member
    /// `nil` when the coverage names no plan the directory knows (policies limited to plans or
    /// lines of business then do not apply).
    public var plan: HealthPlan?
    /// The member's earlier authorizations, read with the member.
    public var history: PriorAuthorizationHistory

    public init(
        clientCoverage: ClientCoverage, payer: Payer, coverage: MemberCoverage, member: Member, plan: HealthPlan?,
        history: PriorAuthorizationHistory
    ) {
        self.clientCoverage = clientCoverage
        self.payer = payer
        self.coverage = coverage
        self.member = member
        self.plan = plan
        self.history = history
    }
}
