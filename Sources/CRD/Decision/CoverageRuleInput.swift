import CaseStore
import Eligibility
import FHIR
import Rules

/// The `req` table `coverage(req)` receives (Rules/README.md), snake_case keys. The member's
/// parts (``MemberRuleInput``) are built once per hook; ``request(service:order:)`` adds the
/// order's own.
struct CoverageRuleInput: Sendable {
    private let hook: HookName
    private let today: String
    private let member: MemberRuleInput

    init(hook: HookName, today: String, patient: JSON?, member context: MemberContext) {
        self.hook = hook
        self.today = today
        self.member = MemberRuleInput(patient: patient, context: context, today: today)
    }

    /// The input for one order, decided on `service` (the code a policy matched).
    func request(service: Coding, order: OrderFacts) -> JSON {
        var object: JSONObject = [
            "hook": .string(hook.rawValue),
            "today": .string(today),
            "service": RuleOrder.coding(service),
            "order": order.json,
            "patient": member.patient,
            "coverage": member.coverage,
            "member": member.member,
        ]
        if let requester = order.requester { object["requester"] = requester.json }
        if let performer = order.performer { object["performer"] = performer.json }
        return .object(object)
    }
}
