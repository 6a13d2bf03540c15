import FHIR

/// A recorded evaluation run again on the rules loaded now: did the same input still get the
/// same decision, and was it the same version of the policy?
public struct RuleReplay: Sendable, Hashable {
    /// The record as it was stored.
    public var original: RuleEvaluationRecord
    /// The same function of the same policy on the same input, evaluated now.
    public var replayed: RuleEvaluationRecord

    public init(original: RuleEvaluationRecord, replayed: RuleEvaluationRecord) {
        self.original = original
        self.replayed = replayed
    }

    /// The policy file is byte for byte the one that decided then.
    public var sameVersion: Bool { original.policyVersion == replayed.policyVersion }

    /// What changed in the decision the caller got (empty when nothing did).
    public var decisionChanges: [String] {
        JSONDifference.lines(from: original.decision, to: replayed.decision, path: "decision")
    }

    public var sameDecision: Bool { decisionChanges.isEmpty }
}

extension RuleEngine {
    /// Runs a recorded evaluation again with the rules loaded now. Policies read dates from
    /// their input (`today`), never from the clock, so the same version gives the same answer;
    /// the members the record does not hold (``RuleEvaluationRecord/unread``) it did not read.
    /// A newer version that reads one stops with an error naming it.
    public func replay(_ record: RuleEvaluationRecord) async -> RuleReplay {
        let replayed = evaluateNow(
            function: record.function, policyID: record.policyID, input: record.input, unread: record.unread)
        return RuleReplay(original: record, replayed: replayed)
    }
}
