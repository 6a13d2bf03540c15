import CaseStore
import Eligibility
import FHIR
import Foundation
import Logging
import Rules

/// The CRD coverage-requirements service, free of HTTP: from the data a hook gathered to the
/// response, the coverage assertions to store and the rule versions that ran.
///
/// Per call: find the one Coverage and the member (``CoverageResolver``), read the member's
/// earlier authorizations once, ask the rules about each in-scope order (concurrently), turn
/// each decision into a coverage-information extension that meets the profile, and build the
/// system actions and cards. Nothing is read from files; the case store is read a few times.
public final class CoverageRequirementsService: Sendable {
    let rules: RuleEngine
    let store: any CaseStore
    let defaultSourceLabel: String
    let questionnaires: [String: JSON]
    let logger: Logger

    /// - Parameters:
    ///   - sourceLabel: the cards' `source.label` when no payer could be identified (the
    ///     payer's name is used otherwise).
    ///   - questionnaires: Questionnaire resources by canonical, offered to clients without DTR
    ///     on form-completion cards; optional.
    public init(
        rules: RuleEngine, store: any CaseStore, sourceLabel: String = "Greenlight", questionnaires: [String: JSON] = [:],
        logger: Logger = Logger(label: "greenlight.crd")
    ) {
        self.rules = rules
        self.store = store
        self.defaultSourceLabel = sourceLabel
        self.questionnaires = questionnaires
        self.logger = logger
    }

    /// Answers one hook. `today` is the plan's calendar date (`2026-11-23`), `now` the time the
    /// assertions are recorded at.
    ///
    /// - Throws: ``HookError`` 400 for a Coverage problem (several active Coverages of payers
    ///   served here, one without a payer identifier, a payer not served here), 412 when the
    ///   Coverage could be neither sent nor fetched, 500 when the case store fails.
    public func decide(_ data: HookData, clientID: String, today: String, now: Date) async throws(HookError) -> HookDecision {
        let hook = data.request.hook
        let resolution = try await CoverageResolver(store: store, logger: logger).resolve(data, today: today)
        let context = CoverageInformationContext(
            hook: hook, coverage: resolution.clientCoverage?.reference ?? Reference(display: "No active coverage found"),
            assertionID: AssertionID.make(), date: today)
        let orders = Self.inScopeOrders(data).map { OrderFacts($0, data: data) }

        var assessments: [OrderAssessment]
        var problem: CoverageInformation.NotCoveredReason?
        var member: MemberContext?
        switch resolution {
        case .ineligible(let ineligibility, _, _):
            let reason = CoverageInformation.NotCoveredReason(ineligibility)
            problem = reason
            assessments = orders.map { OrderAssessment(order: $0, information: .notCovered(reason, context: context)) }
        case .member(let found):
            member = found
            let input = CoverageRuleInput(hook: hook, today: today, patient: data.patient, member: found)
            let evaluator = OrderEvaluator(rules: rules, member: found, history: found.history, input: input, context: context)
            assessments = await evaluator.assess(orders)
        }
        let violations = replaceInvalid(&assessments, context: context, data: data)

        let configuration = data.request.configuration
        let cards = CardBuilder(
            hook: hook, configuration: configuration, sourceLabel: resolution.payer?.name ?? defaultSourceLabel,
            today: today, coverage: context.coverage, questionnaires: questionnaires
        ).cards(for: assessments, problem: problem)
        // Primary hooks SHALL carry coverage information whatever the options say; supporting
        // hooks send it unless the client turned coverage-info off.
        let answered = hook.isPrimary || configuration.allows(cardType: CardType.coverageInfo.rawValue) ? assessments : []
        let assertions = answered.compactMap { assessment in
            CoverageAssertion(
                assessment, context: context, request: data.request, clientID: clientID, member: member,
                payer: resolution.payer, now: now)
        }
        var versions: [String: String] = [:]
        for case let policy? in assessments.map(\.policy) { versions[policy.id] = policy.version }
        return HookDecision(
            response: HookResponse(cards: cards, systemActions: answered.compactMap(\.systemAction)),
            assertions: assertions, ruleVersions: versions, violations: violations)
    }

    /// The orders a hook is about: for order-select, the selected ones (all of them when the
    /// selections match none, rather than none).
    static func inScopeOrders(_ data: HookData) -> [JSON] {
        guard data.request.hook == .orderSelect, !data.selections.isEmpty else { return data.orders }
        let selected = Set(data.selections.compactMap { ResourceAddress($0)?.relative ?? $0 })
        let chosen = data.orders.filter { order in order.address.map { selected.contains($0.relative) } ?? false }
        return chosen.isEmpty ? data.orders : chosen
    }

    /// Every extension is checked before it leaves; one that breaks a rule is an engine bug,
    /// logged and replaced by the "could not be determined" answer so the EHR still gets a
    /// valid one.
    private func replaceInvalid(
        _ assessments: inout [OrderAssessment], context: CoverageInformationContext, data: HookData
    ) -> [CoverageInformation.Violation] {
        var violations: [CoverageInformation.Violation] = []
        for index in assessments.indices {
            guard let information = assessments[index].information else { continue }
            let found = information.validate(on: context.hook)
            guard !found.isEmpty else { continue }
            logger.error(
                "CRD: coverage-information broke profile rules; answered as undetermined",
                metadata: [
                    "hookInstance": "\(data.request.hookInstance)", "order": "\(assessments[index].order.reference)",
                    "violations": "\(found.map(\.description).joined(separator: "; "))",
                ])
            violations += found
            assessments[index].information = .undetermined(context: context)
        }
        return violations
    }
}
