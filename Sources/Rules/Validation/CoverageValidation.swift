import FHIR

extension CoverageDecision {
    /// The decision `coverage` returned, checked against the contract in Rules/README.md.
    init(output: JSON, policy: PolicySummary) throws(LuaFailure) {
        let fields = try OutputFields(output, function: "coverage")
        try fields.onlyKeys([
            "covered", "pa_needed", "doc_needed", "doc_purpose", "info_needed", "questionnaires", "reasons",
            "billing_codes", "limits", "note", "alternatives", "additional_orders",
        ])
        let covered = try fields.enumeration("covered", Covered.self, required: true)!
        let paNeeded = try fields.enumeration("pa_needed", PANeeded.self, required: true)!
        let docNeeded = try fields.enumeration("doc_needed", DocNeeded.self)

        var reasons: [Reason] = []
        for (position, element) in try fields.list("reasons").enumerated() {
            let reason = try OutputFields(element, function: "coverage", element: position + 1, of: "reasons")
            try reason.onlyKeys(["code", "text"])
            let code = try reason.string("code"), text = try reason.string("text")
            guard code != nil || text != nil else {
                throw OutputFields.failure("coverage", "coverage result: reasons[\(position + 1)] needs a code or a text")
            }
            reasons.append(Reason(code: code, text: text))
        }
        var billingCodes: [RuleCoding] = []
        for (position, element) in try fields.list("billing_codes").enumerated() {
            let coding = try OutputFields(element, function: "coverage", element: position + 1, of: "billing_codes")
            try coding.onlyKeys(["system", "code", "display"])
            billingCodes.append(try coding.coding())
        }
        var alternatives: [Alternative] = []
        for (position, element) in try fields.list("alternatives").enumerated() {
            let entry = try OutputFields(element, function: "coverage", element: position + 1, of: "alternatives")
            try entry.onlyKeys(["system", "code", "display", "reason"])
            alternatives.append(Alternative(coding: try entry.coding(systemRequired: true), reason: try entry.string("reason")))
        }
        var additionalOrders: [AdditionalOrder] = []
        for (position, element) in try fields.list("additional_orders").enumerated() {
            let entry = try OutputFields(element, function: "coverage", element: position + 1, of: "additional_orders")
            try entry.onlyKeys(["resource_type", "system", "code", "display", "reason"])
            additionalOrders.append(AdditionalOrder(
                resourceType: try entry.enumeration("resource_type", AdditionalOrder.ResourceType.self) ?? .serviceRequest,
                coding: try entry.coding(systemRequired: true), reason: try entry.string("reason")))
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
            note: try fields.string("note"), alternatives: alternatives, additionalOrders: additionalOrders)
    }
}
