import FHIR
import Rules

extension CardBuilder {
    /// One card per policy whose orders need something from the clinician (prior
    /// authorization, documentation, a condition to meet, or not covered), linking the
    /// published policy. Orders covered outright need no reading.
    func externalReferenceCards(_ assessments: [OrderAssessment]) -> [Card] {
        var order: [String] = []
        var byPolicy: [String: (policy: PolicySummary, orders: [OrderAssessment])] = [:]
        for assessment in assessments {
            guard let policy = assessment.policy, let link = policy.link, Self.isAbsolute(link),
                let information = assessment.information, Self.needsAttention(information)
            else { continue }
            if byPolicy[policy.id] == nil {
                order.append(policy.id)
                byPolicy[policy.id] = (policy, [])
            }
            byPolicy[policy.id]?.orders.append(assessment)
        }
        return order.compactMap { byPolicy[$0] }.map { entry in
            let labels = entry.orders.map(\.order.label).joined(separator: ", ")
            return card(
                "\(sourceLabel) policy: \(entry.policy.title)", detail: "Coverage policy for \(labels).",
                topic: .coverageInfo, links: [Card.Link(label: "\(entry.policy.title) (coverage policy)", url: entry.policy.link!)],
                about: entry.orders.map(\.order.reference))
        }
    }

    static func needsAttention(_ information: CoverageInformation) -> Bool {
        information.covered != .covered || !information.docNeeded.isEmpty
            || [.authNeeded, .performPA, .conditional].contains(information.paNeeded)
    }

    /// CDS Hooks links of type `absolute` must be URLs a browser opens.
    static func isAbsolute(_ url: String) -> Bool {
        url.hasPrefix("https://") || url.hasPrefix("http://")
    }
}
