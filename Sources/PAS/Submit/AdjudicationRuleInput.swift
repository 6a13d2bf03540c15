import CaseStore
import Eligibility
import FHIR
import Rules

/// The `req` table `adjudicate(req)` receives (Rules/README.md): the member's parts, shared by
/// every item, and per item the service, the item, the order behind it, the DTR answers
/// (``DTRAnswerSources``), the attached documents' codes and what CRD said.
struct AdjudicationRuleInput: Sendable {
    private let today: String
    private let member: MemberRuleInput
    private let documents: [JSON]

    init(request: PASRequest, context: MemberContext, today: String) {
        self.today = today
        self.member = MemberRuleInput(patient: request.patient, context: context, today: today)
        // `{ system, code }` of each attached document's type; a part the coding lacks is left
        // out rather than written as null.
        self.documents = request.supportingInfo.compactMap { info in
            info.resource["type"]?["coding"]?.array?.first.map { coding in
                .object(JSONObject(uniqueMembers: ["system", "code"].compactMap { key in coding[key].map { (key, $0) } }))
            }
        }
    }

    /// The input for one item, with the DTR answers its rules see.
    func request(for item: PASRequestItem, crd: CoverageAssertion?, answers: JSONObject) -> JSON {
        let service: JSON = ["system": .string(item.service.system), "code": .string(item.service.code)]
        let order = Self.order(for: item)
        var entry: JSONObject = ["sequence": .number(JSONNumber(item.sequence)), "service": service]
        if let quantity = order.quantity { entry["quantity"] = quantity }
        if let period = order.period { entry["period"] = period }
        var object: JSONObject = [
            "today": .string(today),
            "service": service,
            "item": .object(entry),
            "order": order.json,
            "patient": member.patient,
            "coverage": member.coverage,
            "member": member.member,
            "answers": .object(answers),
            "documents": .array(documents),
        ]
        if let crd {
            var said: JSONObject = ["covered": .string(crd.covered), "coverage_assertion_id": .string(crd.id)]
            if let paNeeded = crd.paNeeded { said["pa_needed"] = .string(paNeeded) }
            object["crd"] = .object(said)
        }
        return .object(object)
    }

    /// The `order` table, as CRD's inputs describe an order (Rules/README.md): the item's code,
    /// amount and dates, its diagnoses, and the order it names under `resource`.
    static func order(for item: PASRequestItem) -> RuleOrder {
        RuleOrder(
            resourceType: item.requestedService?.resourceType ?? "Claim",
            codes: [Coding(system: item.service.system, code: item.service.code)],
            // A `servicedPeriod` with neither end stays an empty table, as the item wrote one.
            quantity: item.quantity?.fhirJSON, period: item.serviced.map { $0.fhirJSON ?? [:] },
            reasonCodes: RuleOrder.diagnoses(item.diagnoses), resource: item.requestedService)
    }
}
