import CivilTime
import FHIR
import Foundation

/// Everything needed to explain a decision and replay it: which policy (and exactly which
/// version of its file) ran which function on what input, what it returned, what the engine
/// made of that, and what it cost.
public struct RuleEvaluationRecord: Sendable, Hashable {
    public var policyID: String
    /// SHA-256 of the policy file's bytes (lowercase hex); empty when no policy ran.
    public var policyVersion: String
    public var policyFile: String
    public var function: String
    /// What the function was given — without the members built only on demand that it never
    /// read (listed in ``unread``): the FHIR resources and the member's history most policies
    /// do not look at, which would otherwise be most of every record.
    public var input: JSON
    /// Paths of input members the policy did not read and the record does not hold
    /// (`patient.resource`, `member.prior_authorizations`). Replaying the record on a policy
    /// that reads one stops with an error naming it.
    public var unread: [String]
    /// What the Lua function returned, unchanged; `nil` when it failed.
    public var output: JSON?
    /// What the engine hands its caller: the validated output, with the engine's corrections
    /// (clinical deny → pend, default questionnaire) or its fallback after an error.
    public var decision: JSON?
    /// Why the policy's answer was not used; `nil` when it was.
    public var error: LuaFailure?
    /// Lua VM instructions the call ran, counted in steps of 1,000.
    public var instructions: Int
    public var duration: Duration
    public var evaluatedAt: Date

    public init(
        policyID: String, policyVersion: String, policyFile: String, function: String, input: JSON,
        unread: [String] = [], output: JSON? = nil, decision: JSON? = nil, error: LuaFailure? = nil,
        instructions: Int = 0, duration: Duration = .zero, evaluatedAt: Date = Date()
    ) {
        self.policyID = policyID
        self.policyVersion = policyVersion
        self.policyFile = policyFile
        self.function = function
        self.input = input
        self.unread = unread
        self.output = output
        self.decision = decision
        self.error = error
        self.instructions = instructions
        self.duration = duration
        self.evaluatedAt = evaluatedAt
    }

    /// The record as JSON, for the case store's audit trail and `greenlight rules` output.
    public var json: JSON {
        var object: JSONObject = [
            "policy": .string(policyID), "version": .string(policyVersion), "file": .string(policyFile),
            "function": .string(function), "input": input,
        ]
        if !unread.isEmpty { object["unread"] = .array(unread.map { .string($0) }) }
        if let output { object["output"] = output }
        if let decision { object["decision"] = decision }
        if let error { object["error"] = ["kind": .string(error.kind.rawValue), "message": .string(error.message)] }
        object["instructions"] = .number(JSONNumber(instructions))
        object["duration_us"] = .number(JSONNumber(Int(duration / .microseconds(1))))
        // By arithmetic: CRD writes one record per order per hook, PAS one per item.
        object["evaluated_at"] = .string(UTCTimestamp.iso8601Seconds(evaluatedAt))
        return .object(object)
    }
}

/// A typed decision with the record that explains it. `usedFallback` is true when the policy
/// failed (or broke the output contract) and `decision` is the engine's conservative default.
public struct RuleEvaluation<Decision: Sendable & Hashable>: Sendable, Hashable {
    public var decision: Decision
    public var record: RuleEvaluationRecord
    public var usedFallback: Bool { record.error != nil }
    public var policy: PolicySummary

    public init(decision: Decision, record: RuleEvaluationRecord, policy: PolicySummary) {
        self.decision = decision
        self.record = record
        self.policy = policy
    }
}
