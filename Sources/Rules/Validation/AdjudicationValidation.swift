import FHIR

extension AdjudicationDecision {
    /// The decision `adjudicate` returned, checked against the contract, with the engine's one
    /// correction: a `deny` goes through only when the policy has `auto_deny = true` or the
    /// rule marked the denial `administrative = true`; otherwise it becomes `pend`, with the
    /// rule's reasons and note as the reviewer's worklist (a clinical denial is a clinician's
    /// decision).
    init(output: JSON, policy: PolicySummary) throws(LuaFailure) {
        let fields = try OutputFields(output, function: "adjudicate")
        try fields.onlyKeys(["action", "quantity", "period", "reasons", "review", "note", "administrative"])
        let action = try fields.enumeration("action", Action.self, required: true)!
        let reasons = try fields.strings("reasons")
        for (position, reason) in reasons.enumerated() where !Self.isReasonCode(reason) {
            throw OutputFields.failure(
                "adjudicate",
                "adjudicate result: reasons[\(position + 1)] is \"\(reason)\"; expected an X12 review decision reason code (code list 886, e.g. 0L, 0M)")
        }
        let note = try fields.string("note")
        if action == .deny || action == .modify {
            guard !reasons.isEmpty else {
                throw OutputFields.failure("adjudicate", "adjudicate result: a \(action.rawValue) needs at least one reason code")
            }
            guard let note, !note.trimmingWhitespace().isEmpty else {
                throw OutputFields.failure("adjudicate", "adjudicate result: a \(action.rawValue) needs a note saying why")
            }
        }
        let administrative = try fields.bool("administrative") ?? false
        var decision = AdjudicationDecision(
            action: action, quantity: try fields.quantity("quantity"), period: try fields.period("period"),
            reasons: reasons, review: try fields.strings("review"), note: note, administrative: administrative)
        if action == .deny, !policy.autoDeny, !administrative {
            decision.ruleAction = .deny
            decision.action = .pend
            decision.review.append(
                "The rule proposed a denial (reasons \(reasons.joined(separator: ", "))): \(note ?? "")")
            decision.note = "Pended for clinical review: policy \(policy.id) may not deny on clinical grounds by itself."
        }
        self = decision
    }

    /// X12 code list 886 codes are one to three upper-case letters or digits.
    static func isReasonCode(_ code: String) -> Bool {
        (1...3).contains(code.utf8.count)
            && code.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
}
