import FHIR

/// What `adjudicate(req)` decided for one claim item, after the engine's checks: a rule's
/// clinical denial becomes `pend` unless the policy has `auto_deny = true`.
public struct AdjudicationDecision: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case approve, modify, pend, deny
    }

    public var action: Action
    /// The approved amount (approve, modify).
    public var quantity: RuleQuantity?
    /// The approved dates (approve, modify).
    public var period: RulePeriod?
    /// X12 review decision reason codes (code list 886).
    public var reasons: [String]
    /// What a reviewer should look at (pend).
    public var review: [String]
    public var note: String?
    /// The rule marked its denial administrative (eligibility, benefit exclusion, duplicate…),
    /// not a judgement of medical necessity.
    public var administrative: Bool
    /// What the rule itself returned when the engine changed it (a clinical `deny` turned into
    /// `pend`); `nil` when the rule's action stands.
    public var ruleAction: Action?

    public init(
        action: Action, quantity: RuleQuantity? = nil, period: RulePeriod? = nil, reasons: [String] = [],
        review: [String] = [], note: String? = nil, administrative: Bool = false, ruleAction: Action? = nil
    ) {
        self.action = action
        self.quantity = quantity
        self.period = period
        self.reasons = reasons
        self.review = review
        self.note = note
        self.administrative = administrative
        self.ruleAction = ruleAction
    }

    /// The engine's answer when `adjudicate` failed or does not exist: a reviewer decides.
    static func pendForReview(_ why: String) -> AdjudicationDecision {
        AdjudicationDecision(action: .pend, review: [why], note: "Pended for review by a clinician.")
    }

    /// The decision in the contract's shape, plus `rule_action` when the engine changed it.
    public var json: JSON {
        var object: JSONObject = ["action": .string(action.rawValue)]
        if let quantity { object["quantity"] = quantity.json }
        if let period { object["period"] = period.json }
        if !reasons.isEmpty { object["reasons"] = .array(reasons.map(JSON.string)) }
        if !review.isEmpty { object["review"] = .array(review.map(JSON.string)) }
        if let note { object["note"] = .string(note) }
        if administrative { object["administrative"] = true }
        if let ruleAction { object["rule_action"] = .string(ruleAction.rawValue) }
        return .object(object)
    }
}
