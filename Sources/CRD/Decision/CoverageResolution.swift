import CaseStore
import FHIR

/// Who the hook is about, as far as the payer can tell: a member with coverage in force, or why
/// not (answered with 200 and `not-covered`, as CRD prescribes).
enum CoverageResolution: Sendable {
    case member(MemberContext)
    case notCovered(CoverageInformation.NotCoveredReason, coverage: ClientCoverage?, payer: Payer?)

    var clientCoverage: ClientCoverage? {
        switch self {
        case .member(let member): member.clientCoverage
        case .notCovered(_, let coverage, _): coverage
        }
    }

    var payer: Payer? {
        switch self {
        case .member(let member): member.payer
        case .notCovered(_, _, let payer): payer
        }
    }
}

/// The member a hook is about, matched to the payer's directory.
struct MemberContext: Sendable {
    var clientCoverage: ClientCoverage
    var payer: Payer
    var coverage: MemberCoverage
    var member: Member
    /// `nil` when the coverage names no plan the directory knows (policies limited to plans or
    /// lines of business then do not apply).
    var plan: HealthPlan?
    /// The member's earlier authorizations, read with the member.
    var history: PriorAuthorizationHistory
}
