import FHIR

/// A typed answer of one policy function: how it is read from the Lua result, what the engine
/// answers instead when the policy fails, and its JSON for the record.
protocol RuleDecision: Sendable, Hashable {
    static var function: RuleFunction { get }
    init(output: JSON, policy: PolicySummary) throws(LuaFailure)
    /// The conservative answer after `failure`.
    static func fallback(after failure: LuaFailure, policy: PolicySummary) -> Self
    /// The answer for a policy that does not define the function.
    static func missing(policy: PolicySummary) -> Self
    var json: JSON { get }
}

extension CoverageDecision: RuleDecision {
    static var function: RuleFunction { .coverage }

    static func fallback(after failure: LuaFailure, policy: PolicySummary) -> CoverageDecision {
        .fallback(note: "Coverage and prior-authorization requirements could not be determined automatically; contact the plan.")
    }

    static func missing(policy: PolicySummary) -> CoverageDecision {
        .fallback(note: "Policy \(policy.id) has no coverage function.")  // `policy { }` requires one.
    }
}

extension AdjudicationDecision: RuleDecision {
    static var function: RuleFunction { .adjudicate }

    static func fallback(after failure: LuaFailure, policy: PolicySummary) -> AdjudicationDecision {
        .pendForReview("Policy \(policy.id) could not decide (\(failure.kind.rawValue) error): \(failure.message)")
    }

    static func missing(policy: PolicySummary) -> AdjudicationDecision {
        .pendForReview("Policy \(policy.id) has no adjudicate function: every request goes to a reviewer.")
    }
}

extension NextQuestion: RuleDecision {
    static var function: RuleFunction { .nextQuestion }

    init(output: JSON, policy: PolicySummary) throws(LuaFailure) {
        try self.init(output: output)
    }

    static func fallback(after failure: LuaFailure, policy: PolicySummary) -> NextQuestion { .wholeQuestionnaire }
    static func missing(policy: PolicySummary) -> NextQuestion { .wholeQuestionnaire }
}
