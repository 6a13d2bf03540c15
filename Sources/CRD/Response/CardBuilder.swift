import FHIR
import Foundation
import Identifiers

/// Builds the cards of one response from the orders' assessments, honouring the client's
/// configuration: a card type the client turned off is never sent, form completion only when
/// the client asked for it (it has no DTR), and at most `max-cards` cards, the most important
/// first (see ``Priority``). Cards never repeat what the system actions already say: on primary
/// hooks instructions come only for what needs attention (not covered, no coverage found).
struct CardBuilder: Sendable {
    /// Which card survives a `max-cards` cut: lower first.
    enum Priority: Int, Comparable, Sendable {
        /// Payment risk: no coverage found, an order not covered.
        case paymentRisk
        /// Instructions on supporting hooks (there the system action may be all the EHR shows).
        case instructions
        case externalReference
        case alternate
        case additionalOrders
        case formCompletion

        static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The service default for `max-cards`.
    static let defaultMaxCards = 10

    var hook: HookName
    var configuration: CRDConfiguration
    /// `source.label`: the payer's name.
    var sourceLabel: String
    var today: String
    /// The EHR's Coverage the answers are about.
    var coverage: Reference
    /// Questionnaire resources by canonical, for clients without DTR (optional).
    var questionnaires: [String: JSON] = [:]

    func cards(for assessments: [OrderAssessment], problem: CoverageInformation.NotCoveredReason?) -> [Card] {
        var candidates: [(priority: Priority, card: Card)] = []
        if let problem { candidates.append((.paymentRisk, coverageProblemCard(problem, orders: assessments))) }
        candidates += assessments.compactMap(notCoveredCard).map { (.paymentRisk, $0) }
        if !hook.isPrimary { candidates += assessments.compactMap(instructionsCard).map { (.instructions, $0) } }
        candidates += externalReferenceCards(assessments).map { (.externalReference, $0) }
        candidates += assessments.compactMap(alternateCard).map { (.alternate, $0) }
        candidates += assessments.compactMap(additionalOrdersCard).map { (.additionalOrders, $0) }
        if hook.isPrimary, configuration.formCompletion {
            candidates += formCompletionCards(assessments).map { (.formCompletion, $0) }
        }
        let allowed = candidates.filter { configuration.allows(cardType: $0.card.topic.rawValue) }
        let ordered = allowed.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
        return ordered.prefix(max(0, configuration.maxCards ?? Self.defaultMaxCards)).map(\.element.card)
    }

    func card(
        _ summary: String, detail: String? = nil, indicator: Card.Indicator = .info, topic: CardType,
        links: [Card.Link] = [], suggestions: [Card.Suggestion] = [], selectionBehavior: String? = nil, about orders: [String]
    ) -> Card {
        Card(
            uuid: Self.uuid(), summary: summary, detail: detail, indicator: indicator, sourceLabel: sourceLabel,
            topic: topic, links: links, suggestions: suggestions, selectionBehavior: selectionBehavior,
            associatedResources: orders)
    }

    /// Card and suggestion ids: random (UUID v4), lowercase.
    static func uuid() -> String { RandomIdentifier.uuid() }
}
