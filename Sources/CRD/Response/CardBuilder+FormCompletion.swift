import FHIR

extension CardBuilder {
    /// "Request Form Completion", for clients without DTR (configuration `form-completion`):
    /// one card per questionnaire, whose suggestion adds a Task to fill it in — preceded by the
    /// Questionnaire itself, created only if the EHR lacks it, when the service has it. The
    /// cards carry the coverage-info topic (the card types have none for forms), so a client
    /// that turns coverage-info off gets none either.
    func formCompletionCards(_ assessments: [OrderAssessment]) -> [Card] {
        var canonicals: [String] = []
        var orders: [String: [OrderAssessment]] = [:]
        for assessment in assessments {
            for canonical in assessment.information?.questionnaires ?? [] {
                if orders[canonical] == nil { canonicals.append(canonical) }
                orders[canonical, default: []].append(assessment)
            }
        }
        return canonicals.map { canonical in
            let concerned = orders[canonical] ?? []
            let title = questionnaires[canonical]?["title"]?.string ?? concerned.compactMap(\.policy?.title).first ?? "documentation"
            var actions: [CardAction] = []
            if let questionnaire = questionnaires[canonical] {
                actions.append(.create(
                    questionnaire, description: "Add the \(title) form to the EHR's forms (unless it is there).",
                    ifNoneExist: Self.ifNoneExist(canonical, questionnaire)))
            }
            let task = OrderResources.formCompletionTask(
                questionnaire: canonical, title: title, subject: concerned.first?.order.resource["subject"],
                orders: concerned.map(\.order.reference), today: today)
            actions.append(.create(task, description: "Add 'Complete the \(title) form' to the task list."))
            return card(
                "Complete the \(title) form",
                detail: "\(sourceLabel) needs this documentation for \(concerned.map(\.order.label).joined(separator: ", ")).",
                topic: .coverageInfo,
                suggestions: [Card.Suggestion(uuid: Self.uuid(), label: "Add 'Complete the \(title) form' to the task list", actions: actions)],
                about: concerned.map(\.order.reference))
        }
    }

    /// `url=…[&version=…]`: the search that finds the Questionnaire if the EHR has it.
    static func ifNoneExist(_ canonical: String, _ questionnaire: JSON) -> String {
        let parts = canonical.split(separator: "|", maxSplits: 1).map(String.init)
        var query = "url=\(questionnaire["url"]?.string ?? parts[0])"
        if let version = questionnaire["version"]?.string ?? (parts.count > 1 ? parts[1] : nil) { query += "&version=\(version)" }
        return query
    }
}
