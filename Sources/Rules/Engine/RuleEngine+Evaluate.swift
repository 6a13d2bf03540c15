import FHIR
import Foundation
import Logging

extension RuleEngine {
    /// CRD: runs `coverage` of the policy that governs `service`. `nil` when no policy does.
    /// When the policy fails or breaks the contract, the decision is the conservative fallback
    /// (covered and prior authorization both `conditional`) and the record says why.
    public func coverage(
        _ request: JSON, service: RuleService, plan: String?, lineOfBusiness: String?
    ) async -> RuleEvaluation<CoverageDecision>? {
        let pool = self.pool
        guard let policy = pool.ruleSet.policy(for: service, plan: plan, lineOfBusiness: lineOfBusiness) else {
            return nil
        }
        return evaluate(policy: policy, input: request, pool: pool)
    }

    /// PAS: runs `adjudicate` of the policy that governs `service`. `nil` when no policy does.
    /// A failure, a broken result or a policy without `adjudicate` pends for a reviewer.
    public func adjudicate(
        _ request: JSON, service: RuleService, plan: String?, lineOfBusiness: String?
    ) async -> RuleEvaluation<AdjudicationDecision>? {
        let pool = self.pool
        guard let policy = pool.ruleSet.policy(for: service, plan: plan, lineOfBusiness: lineOfBusiness) else {
            return nil
        }
        return evaluate(policy: policy, input: request, pool: pool)
    }

    /// DTR: runs `next_question` of policy `policyID`. `nil` when there is no such policy or it
    /// has no `next_question` (serve the questionnaire whole); `.wholeQuestionnaire` when it failed.
    public func nextQuestion(_ request: JSON, policyID: String) async -> RuleEvaluation<NextQuestion>? {
        let pool = self.pool
        guard let policy = pool.ruleSet.policy(id: policyID), policy.summary.functions.contains(.nextQuestion) else {
            return nil
        }
        return evaluate(policy: policy, input: request, pool: pool)
    }

    /// Runs any function of any policy by name, as `greenlight rules test` and replay do. The
    /// record's `decision` is what the typed API would hand its caller.
    public func evaluate(function name: String, policyID: String, input: JSON) async -> RuleEvaluationRecord {
        evaluateNow(function: name, policyID: policyID, input: input)
    }

    /// ``evaluate(function:policyID:input:)`` without the `async`, for benchmarks and tools.
    /// `unread`: members `input` lacks because the run it was recorded from did not read them.
    public func evaluateNow(function name: String, policyID: String, input: JSON, unread: [String] = []) -> RuleEvaluationRecord {
        let pool = self.pool
        guard let policy = pool.ruleSet.policy(id: policyID) else {
            return RuleEvaluationRecord(
                policyID: policyID, policyVersion: "", policyFile: "", function: name, input: input, unread: unread,
                error: LuaFailure(kind: .engine, message: "no policy with id \"\(policyID)\""))
        }
        switch RuleFunction(rawValue: name) {
        case .coverage:
            return (evaluate(policy: policy, input: input, unread: unread, pool: pool) as RuleEvaluation<CoverageDecision>).record
        case .adjudicate:
            return (evaluate(policy: policy, input: input, unread: unread, pool: pool) as RuleEvaluation<AdjudicationDecision>).record
        case .nextQuestion:
            return (evaluate(policy: policy, input: input, unread: unread, pool: pool) as RuleEvaluation<NextQuestion>).record
        case nil:
            return RuleEvaluationRecord(
                policyID: policyID, policyVersion: policy.summary.version, policyFile: policy.summary.file,
                function: name, input: input, unread: unread,
                error: LuaFailure(
                    kind: .engine, message: "no function \"\(name)\" (expected coverage, adjudicate or next_question)"))
        }
    }

    /// Runs one function and turns its result into the typed decision (or the fallback). The
    /// record keeps the input without the deferred members the function did not read; a failed
    /// run keeps it whole.
    func evaluate<Decision: RuleDecision>(
        policy: RuleSet.Policy, input: JSON, unread: [String] = [], pool: LuaStatePool
    ) -> RuleEvaluation<Decision> {
        let summary = policy.summary
        let function = Decision.function
        var record = RuleEvaluationRecord(
            policyID: summary.id, policyVersion: summary.version, policyFile: summary.file,
            function: function.rawValue, input: input, unread: unread)
        func finish(_ decision: Decision) -> RuleEvaluation<Decision> {
            record.decision = decision.json
            return RuleEvaluation(decision: decision, record: record, policy: summary)
        }
        guard summary.functions.contains(function) else {
            return finish(Decision.missing(policy: summary))
        }

        let clock = ContinuousClock()
        let started = clock.now
        var instructions = 0
        do throws(LuaFailure) {
            let output = try pool.withState { state throws(LuaFailure) in
                defer { instructions = state.instructionsUsed }
                do throws(LuaFailure) {
                    return try state.invoke(index: policy.index, function: function, input: input, unread: unread)
                } catch {
                    throw reword(error, policy: summary)
                }
            }
            record.duration = clock.now - started
            record.instructions = instructions
            record.output = output.output
            record.unread = output.unread
            // The members named in `unread` are already absent from `input`.
            record.input = InputPath.removing(output.notRead, from: input)
            return finish(try Decision(output: output.output, policy: summary))
        } catch {
            if record.duration == .zero { record.duration = clock.now - started }
            record.instructions = instructions
            record.error = error
            logger.warning(
                "Policy evaluation failed; using the fallback",
                metadata: [
                    "policy": "\(summary.id)", "version": "\(summary.version.prefix(12))",
                    "function": "\(function.rawValue)", "error": "\(error.message)",
                ])
            return finish(Decision.fallback(after: error, policy: summary))
        }
    }

    /// Limit errors name the policy and the limit, in the words an operator searches logs for.
    private func reword(_ failure: LuaFailure, policy: PolicySummary) -> LuaFailure {
        switch failure.kind {
        case .budget:
            let location = failure.message.components(separatedBy: ": instruction budget").first ?? ""
            var message = "instruction budget of \(limits.instructionBudget) exceeded in policy \(policy.id)"
            if !location.isEmpty, location != failure.message { message += " (at \(location))" }
            return LuaFailure(kind: .budget, message: message)
        case .memory:
            return LuaFailure(kind: .memory, message: "\(failure.message) in policy \(policy.id)")
        default:
            return failure
        }
    }
}
