import FHIR
import Rules

extension CardBuilder {
    /// "Propose Alternate Request": one suggestion per alternative, each a single update of the
    /// order with the code changed. Only for orders the EHR can receive back (they have an id)
    /// and whose code is one element (ServiceRequest, DeviceRequest, MedicationRequest).
    func alternateCard(_ assessment: OrderAssessment) -> Card? {
        guard let alternatives = assessment.decision?.alternatives, !alternatives.isEmpty,
            assessment.order.resource.id != nil
        else { return nil }
        let order = assessment.order
        let suggestions: [Card.Suggestion] = alternatives.compactMap { alternative in
            guard let changed = OrderResources.changing(order.resource, to: alternative.coding, coverage: coverage) else { return nil }
            let name = Self.name(alternative.coding)
            return Card.Suggestion(
                uuid: Self.uuid(), label: "Order \(name) instead",
                actions: [.update(changed, description: "Change \(order.reference) to \(name).")])
        }
        guard !suggestions.isEmpty else { return nil }
        let summary = alternatives.count == 1
            ? "Consider \(Self.name(alternatives[0].coding)) instead of \(order.label)"
            : "Alternatives to \(order.label)"
        return card(
            summary, detail: Self.paragraphs(alternatives.compactMap(\.reason)), topic: .therapyAlternativesOpt,
            suggestions: suggestions, selectionBehavior: "at-most-one", about: [order.reference])
    }

    /// "Additional Orders": one suggestion per order to add, each a create of a draft request.
    func additionalOrdersCard(_ assessment: OrderAssessment) -> Card? {
        guard let additions = assessment.decision?.additionalOrders, !additions.isEmpty else { return nil }
        let order = assessment.order
        let suggestions = additions.map { addition in
            let name = Self.name(addition.coding)
            return Card.Suggestion(
                uuid: Self.uuid(), label: "Order \(name)",
                actions: [.create(
                    OrderResources.additional(addition, beside: order.resource, today: today),
                    description: "Add a draft \(addition.resourceType.rawValue) for \(name).")])
        }
        let summary = additions.count == 1
            ? "Add \(Self.name(additions[0].coding)) for \(order.label)"
            : "Orders to add for \(order.label)"
        return card(
            summary, detail: Self.paragraphs(additions.compactMap(\.reason)), topic: .clinicalReminder,
            suggestions: suggestions, selectionBehavior: "any", about: [order.reference])
    }

    /// "Home sleep test (G0399)".
    static func name(_ coding: RuleCoding) -> String {
        coding.display.map { "\($0) (\(coding.code))" } ?? coding.code
    }

    /// Distinct paragraphs, or `nil` for none.
    static func paragraphs(_ texts: [String]) -> String? {
        var seen: Set<String> = []
        let distinct = texts.filter { seen.insert($0).inserted }
        return distinct.isEmpty ? nil : distinct.joined(separator: "\n\n")
    }
}
