import FHIR
import Rules

extension CoverageInformation {
    /// The answer for a rule's decision, made to fit the profile and the hook (see
    /// ``conform(to:)``). `satisfiedPAID` is the authorization that satisfies the requirement,
    /// when the decision says `satisfied`; the assertion id stands in when none is known.
    public init(
        decision: CoverageDecision, policyLink: String?, context: CoverageInformationContext, satisfiedPAID: String? = nil
    ) {
        var reasons = decision.reasons.map { rule in
            // q7: a code outside the value set travels as text (its own, or the code itself).
            var reason = Reason(code: rule.code, text: rule.text)
            if reason.text == nil, !reason.isCodedInValueSet { reason.text = rule.code }
            return reason
        }
        if decision.infoNeeded.contains(.detailCode), !reasons.contains(where: { $0.code == "detail-code" }) {
            reasons.append(Reason(code: "detail-code", text: "A more specific billing code is needed."))
        }
        var details: [Detail] = []
        if let quantity = decision.limits?.quantity {
            details.append(.allowedQuantity(value: quantity.value, unit: quantity.unit))
        }
        if let period = decision.limits?.period {
            details.append(.allowedPeriod(start: period.start, end: period.end))
        }
        if let policyLink { details.append(.policyLink(policyLink)) }
        if let note = decision.note { details.append(.instructions(note)) }

        let paNeeded = PANeeded(rawValue: decision.paNeeded.rawValue)
        self.init(
            coverage: context.coverage,
            covered: Covered(rawValue: decision.covered.rawValue) ?? .conditional,
            paNeeded: paNeeded,
            docNeeded: Self.docNeeded(decision.docNeeded),
            docPurpose: decision.docPurpose.map(Self.docPurpose),
            infoNeeded: Self.unique(decision.infoNeeded.map(Self.infoNeeded)),
            billingCodes: decision.billingCodes.map { Coding(system: $0.system, code: $0.code, display: $0.display) },
            reasons: reasons,
            details: details,
            questionnaires: decision.questionnaires,
            date: context.date,
            assertionID: context.assertionID,
            satisfiedPAID: paNeeded == .satisfied ? (satisfiedPAID ?? context.assertionID) : nil,
            expiryDate: decision.limits?.period?.end)
        conform(to: context.hook)
    }

    /// An order no policy governs: covered, no prior authorization (primary hooks answer for
    /// every order, so silence is not an option).
    public static func noRequirements(for service: String, context: CoverageInformationContext) -> CoverageInformation {
        CoverageInformation(
            coverage: context.coverage, covered: .covered, paNeeded: .noAuth,
            reasons: [Reason(text: "No coverage requirements apply to \(service)")],
            date: context.date, assertionID: context.assertionID)
    }

    /// Why the member has no coverage to speak of; CRD answers these with 200 and `not-covered`.
    public enum NotCoveredReason: String, Sendable, Hashable {
        case memberNotFound = "Member Not Found"
        case noActiveCoverage = "No Active Coverage"
    }

    public static func notCovered(_ reason: NotCoveredReason, context: CoverageInformationContext) -> CoverageInformation {
        CoverageInformation(
            coverage: context.coverage, covered: .notCovered, reasons: [Reason(text: reason.rawValue)],
            date: context.date, assertionID: context.assertionID)
    }

    /// The answer when the service could not produce a valid one: nothing promised either way,
    /// as the engine answers when a policy fails.
    public static func undetermined(context: CoverageInformationContext) -> CoverageInformation {
        CoverageInformation(
            coverage: context.coverage, covered: .conditional, paNeeded: .conditional, infoNeeded: [.other],
            reasons: [Reason(text: "Coverage requirements could not be determined automatically; contact the plan.")],
            date: context.date, assertionID: context.assertionID)
    }

    /// Corrects what a rule may legitimately leave out or get wrong for the profile, so that
    /// ``validate(on:)`` passes: q2 (not covered: no pa-needed), supporting hooks (no doc-needed,
    /// so no questionnaire or doc-purpose either), q1 (questionnaire only with doc-needed), q4
    /// (satisfied: no withpa), q5 (satisfied-pa-id only with satisfied), q3 (conditional:
    /// info-needed, OTH when the rule named nothing) and q6 (OTH: a reason).
    public mutating func conform(to hook: HookName) {
        if covered == .notCovered { paNeeded = nil }
        if !hook.isPrimary {
            docNeeded = []
            docPurpose = []
        }
        if docNeeded.isEmpty { questionnaires = [] }
        if paNeeded == .satisfied {
            docPurpose.removeAll { $0 == .withPA }
        } else {
            satisfiedPAID = nil
        }
        let conditional = covered == .conditional || paNeeded == .conditional || docNeeded.contains(.conditional)
        if conditional, infoNeeded.isEmpty { infoNeeded = [.other] }
        if infoNeeded.contains(.other), reasons.isEmpty { reasons = [Reason(text: conditionalReason)] }
    }

    /// Why an answer is conditional, in words, for rules that did not say.
    private var conditionalReason: String {
        if covered == .conditional, paNeeded == .authNeeded || paNeeded == .performPA {
            return "Coverage depends on the outcome of prior authorization."
        }
        if paNeeded == .conditional { return "Whether prior authorization is needed depends on details not yet known." }
        if docNeeded.contains(.conditional) { return "Whether documentation is needed depends on details not yet known." }
        return "Coverage depends on details not yet known to the plan."
    }

    private static func docNeeded(_ value: CoverageDecision.DocNeeded?) -> [DocNeeded] {
        switch value {
        case nil, .noDoc?: []
        case .clinical?: [.clinical]
        case .admin?: [.admin]
        // CRD 2.1 dropped `both`; doc-needed repeats instead.
        case .both?: [.clinical, .admin]
        case .conditional?: [.conditional]
        }
    }

    private static func docPurpose(_ value: CoverageDecision.DocPurpose) -> DocPurpose {
        switch value {
        case .withPA: .withPA
        case .withClaim: .withClaim
        case .withOrder: .withOrder
        case .retainDoc: .retainDoc
        case .other: .other
        }
    }

    private static func infoNeeded(_ value: CoverageDecision.InfoNeeded) -> InfoNeeded {
        switch value {
        case .performer: .performer
        case .location: .location
        case .timeframe: .timeframe
        case .contract: .contractWindow
        // CRD 2.1 has no detail-code info-needed (2.2 adds it): OTH, with the detail-code reason.
        case .detailCode, .other: .other
        }
    }

    private static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen: Set<T> = []
        return values.filter { seen.insert($0).inserted }
    }
}
