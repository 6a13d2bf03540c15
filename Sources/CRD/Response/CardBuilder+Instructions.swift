import FHIR

extension CardBuilder {
    /// No coverage to answer from: one card for the whole response.
    func coverageProblemCard(_ problem: CoverageInformation.NotCoveredReason, orders: [OrderAssessment]) -> Card {
        let summary: String
        let detail: String
        switch problem {
        case .memberNotFound:
            summary = "\(sourceLabel) could not find this patient as a member"
            detail = "No member of \(sourceLabel) matches the patient's Coverage (\(coverage.reference ?? "no reference"))."
        case .noActiveCoverage:
            summary = "No active \(sourceLabel) coverage found for this patient"
            detail = "The patient has no \(sourceLabel) coverage in force on \(today)."
        }
        let consequence = orders.isEmpty ? "" : " The orders are answered as not covered."
        return card(
            summary, detail: detail + consequence + " Check the patient's insurance information.", indicator: .warning,
            topic: .insurance, about: orders.map(\.order.reference))
    }

    /// An order a policy does not cover: say so and why, on every hook.
    func notCoveredCard(_ assessment: OrderAssessment) -> Card? {
        guard let decision = assessment.decision, decision.covered == .notCovered else { return nil }
        return card(
            "Not covered: \(assessment.order.label)", detail: explanation(assessment), indicator: .warning,
            topic: .coverageInfo, about: [assessment.order.reference])
    }

    /// Supporting hooks: the rule's note for orders it said something about.
    func instructionsCard(_ assessment: OrderAssessment) -> Card? {
        guard let information = assessment.information, information.covered != .notCovered,
            let detail = explanation(assessment)
        else { return nil }
        return card(
            "\(assessment.order.label): \(information.phrase)", detail: detail, topic: .coverageInfo,
            about: [assessment.order.reference])
    }

    /// The rule's reasons and note, one paragraph each; `nil` when it gave neither.
    func explanation(_ assessment: OrderAssessment) -> String? {
        guard let decision = assessment.decision else { return nil }
        var paragraphs = decision.reasons.compactMap(\.text)
        if let note = decision.note { paragraphs.append(note) }
        return paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n\n")
    }
}
