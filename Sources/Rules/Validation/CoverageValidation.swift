import FHIR

extension CoverageDecision {
    /// The decision `coverage` returned, checked against the contract in Rules/README.md.
    init(output: JSON, policy: PolicySummary) throws(LuaFailure) {
        let fields = try OutputFields(output, function: "coverage")
        try fields.onlyKeys([
            "covered", "pa_needed", "doc_needed", "doc_purpose", "info_needed", "questionnaires", "reasons",
            "billing_codes", "limits", "note",
        ])
        let covered = try fields.enumeration("covered", Covered.self, required: true)!
        let paNeeded = try fields.enumeration("pa_needed", PANeeded.self, required: true)!
        let docNeeded = try fields.enumeration("doc_needed", DocNeeded.self)

        var reasons: [Reason] = []
        for (position, element) in try fields.list("reasons").enumerated() {
            let reason = try OutputFields(element, function: "coverage", path: "reasons[\(position + 1)].")
            try reason.onlyKeys(["code", "text"])
            let code = try reason.string("code"), text = try reason.string("text")
            guard code != nil || text != nil else {
                throw OutputFields.failure("coverage", "coverage result: reasons[\(position + 1)] needs a code or a text")
            }
            reasons.append(Reason(code: code, text: text))
        }
        var billingCodes: [RuleCoding] = []
        for (position, element) in try fields.list("billing_codes").enumerated() {
            let coding = try OutputFields(element, function: "coverage", path: "billing_codes[\(position + 1)].")
            try coding.onlyKeys(["system", "code", "display"])
            billingCodes.append(RuleCoding(
                system: try coding.string("system"), code: try coding.string("code", required: true)!,
                display: try coding.string("display")))
        }
        var limits: Limits?
        if let limitFields = try fields.nested("limits") {
            try limitFields.onlyKeys(["quantity", "period"])
            limits = Limits(quantity: try limitFields.quantity("quantity"), period: try limitFields.period("period"))
        }
        var questionnaires = try fields.strings("questionnaires")
        let needsDocumentation = docNeeded.map { $0 != .noDoc } ?? false
        if questionnaires.isEmpty, needsDocumentation, let questionnaire = policy.questionnaire {
            questionnaires = [questionnaire]
        }
        self.init(
            covered: covered, paNeeded: paNeeded, docNeeded: docNeeded,
            docPurpose: try fields.enumerations("doc_purpose", DocPurpose.self),
            infoNeeded: try fields.enumerations("info_needed", InfoNeeded.self),
            questionnaires: questionnaires, reasons: reasons, billingCodes: billingCodes, limits: limits,
            note: try fields.string("note"))
    }
}
