import FHIR
import Rules

/// One in-scope order and what the service answers for it.
struct OrderAssessment: Sendable {
    var order: OrderFacts
    /// The code decided on: the first a policy governs.
    var service: Coding?
    /// The rule that ran, with its record; `nil` when none did.
    var evaluation: RuleEvaluation<CoverageDecision>?
    /// The coverage-information for the order; `nil` when there is nothing to say (a supporting
    /// hook and no policy governs the order).
    var information: CoverageInformation?

    var decision: CoverageDecision? { evaluation?.decision }
    var policy: PolicySummary? { evaluation?.policy }

    /// The system action that puts the answer on the order.
    var systemAction: CardAction? {
        guard let information else { return nil }
        return .update(
            OrderAnnotation.annotated(order.resource, with: information),
            description: "Coverage information for \(order.label) (\(order.reference)): \(information.phrase).")
    }
}
