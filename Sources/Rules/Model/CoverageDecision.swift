import FHIR

/// What `coverage(req)` decided, checked against the contract: the CRD coverage-information
/// answer (Da Vinci CRD value sets for covered, pa-needed, doc-needed, doc-purpose, info-needed).
public struct CoverageDecision: Sendable, Hashable {
    public enum Covered: String, Sendable, Hashable, CaseIterable {
        case covered, notCovered = "not-covered", conditional
    }
    public enum PANeeded: String, Sendable, Hashable, CaseIterable {
        case noAuth = "no-auth", authNeeded = "auth-needed", satisfied, performPA = "performpa", conditional
    }
    public enum DocNeeded: String, Sendable, Hashable, CaseIterable {
        case noDoc = "no-doc", clinical, admin, both, conditional
    }
    public enum DocPurpose: String, Sendable, Hashable, CaseIterable {
        case withPA = "withpa", withClaim = "withclaim", withOrder = "withorder", retainDoc = "retain-doc", other = "OTR"
    }
    public enum InfoNeeded: String, Sendable, Hashable, CaseIterable {
        case performer, location, timeframe, contract, detailCode = "detail-code", other = "OTR"
    }
    /// Why: a short machine code (`gold-card`) and a sentence for the clinician.
    public struct Reason: Sendable, Hashable {
        public var code: String?
        public var text: String?
        public init(code: String?, text: String?) {
            self.code = code
            self.text = text
        }
    }
    public struct Limits: Sendable, Hashable {
        public var quantity: RuleQuantity?
        public var period: RulePeriod?
        public init(quantity: RuleQuantity? = nil, period: RulePeriod? = nil) {
            self.quantity = quantity
            self.period = period
        }
    }

    public var covered: Covered
    public var paNeeded: PANeeded
    public var docNeeded: DocNeeded?
    public var docPurpose: [DocPurpose]
    public var infoNeeded: [InfoNeeded]
    /// Canonical URLs of the questionnaires to fill in; the policy's own when documentation is
    /// needed and the rule named none.
    public var questionnaires: [String]
    public var reasons: [Reason]
    public var billingCodes: [RuleCoding]
    public var limits: Limits?
    public var note: String?
    /// Codes the clinician could order instead (CRD "Propose Alternate Request" cards).
    public var alternatives: [Alternative]
    /// Orders the clinician should add (CRD "Additional Orders" cards).
    public var additionalOrders: [AdditionalOrder]

    public init(
        covered: Covered, paNeeded: PANeeded, docNeeded: DocNeeded? = nil, docPurpose: [DocPurpose] = [],
        infoNeeded: [InfoNeeded] = [], questionnaires: [String] = [], reasons: [Reason] = [],
        billingCodes: [RuleCoding] = [], limits: Limits? = nil, note: String? = nil,
        alternatives: [Alternative] = [], additionalOrders: [AdditionalOrder] = []
    ) {
        self.covered = covered
        self.paNeeded = paNeeded
        self.docNeeded = docNeeded
        self.docPurpose = docPurpose
        self.infoNeeded = infoNeeded
        self.questionnaires = questionnaires
        self.reasons = reasons
        self.billingCodes = billingCodes
        self.limits = limits
        self.note = note
        self.alternatives = alternatives
        self.additionalOrders = additionalOrders
    }

    /// The engine's answer when `coverage` failed: nothing is promised either way, so the
    /// clinician is told coverage and prior authorization are conditional.
    static func fallback(note: String) -> CoverageDecision {
        CoverageDecision(covered: .conditional, paNeeded: .conditional, note: note)
    }

    /// The decision in the contract's shape (the keys policies return).
    public var json: JSON {
        var object: JSONObject = ["covered": .string(covered.rawValue), "pa_needed": .string(paNeeded.rawValue)]
        if let docNeeded { object["doc_needed"] = .string(docNeeded.rawValue) }
        if !docPurpose.isEmpty { object["doc_purpose"] = .array(docPurpose.map { .string($0.rawValue) }) }
        if !infoNeeded.isEmpty { object["info_needed"] = .array(infoNeeded.map { .string($0.rawValue) }) }
        if !questionnaires.isEmpty { object["questionnaires"] = .array(questionnaires.map(JSON.string)) }
        if !reasons.isEmpty {
            object["reasons"] = .array(reasons.map { reason in
                var entry = JSONObject()
                if let code = reason.code { entry["code"] = .string(code) }
                if let text = reason.text { entry["text"] = .string(text) }
                return .object(entry)
            })
        }
        if !billingCodes.isEmpty { object["billing_codes"] = .array(billingCodes.map(\.json)) }
        if let limits {
            var entry = JSONObject()
            if let quantity = limits.quantity { entry["quantity"] = quantity.json }
            if let period = limits.period { entry["period"] = period.json }
            object["limits"] = .object(entry)
        }
        if let note { object["note"] = .string(note) }
        if !alternatives.isEmpty { object["alternatives"] = .array(alternatives.map(\.json)) }
        if !additionalOrders.isEmpty { object["additional_orders"] = .array(additionalOrders.map(\.json)) }
        return .object(object)
    }
}
