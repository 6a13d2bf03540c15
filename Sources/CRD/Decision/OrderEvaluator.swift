import Eligibility
import FHIR
import Rules

/// Asks the rules about the orders of one hook: per order, the first code a policy governs
/// decides. A few orders run one after another (an evaluation takes tens of microseconds, less
/// than starting tasks for them); more run concurrently, each on a Lua state of its own.
struct OrderEvaluator: Sendable {
    let rules: RuleEngine
    let member: MemberContext
    let history: PriorAuthorizationHistory
    let input: CoverageRuleInput
    let context: CoverageInformationContext

    /// Beyond this many orders, they are assessed concurrently.
    static let serialLimit = 4

    func assess(_ orders: [OrderFacts]) async -> [OrderAssessment] {
        if orders.count <= Self.serialLimit {
            var assessments: [OrderAssessment] = []
            for order in orders { assessments.append(await assess(order)) }
            return assessments
        }
        return await withTaskGroup(of: (Int, OrderAssessment).self) { group in
            for (index, order) in orders.enumerated() {
                group.addTask { (index, await assess(order)) }
            }
            var results = [OrderAssessment?](repeating: nil, count: orders.count)
            for await (index, assessment) in group { results[index] = assessment }
            return results.compactMap { $0 }
        }
    }

    func assess(_ order: OrderFacts) async -> OrderAssessment {
        let plan = member.coverage.planID
        let line = member.plan?.lineOfBusiness.rawValue
        for code in order.codes {
            guard let system = code.system, let value = code.code else { continue }
            let service = RuleService(system: system, code: value)
            guard rules.policy(for: service, plan: plan, lineOfBusiness: line) != nil,
                let evaluation = await rules.coverage(
                    input.request(service: code, order: order), service: service, plan: plan, lineOfBusiness: line)
            else { continue }
            let information = CoverageInformation(
                decision: evaluation.decision, policyLink: evaluation.policy.link, context: context,
                satisfiedPAID: history.authorizationNumber(system: service.system, code: service.code))
            return OrderAssessment(order: order, service: code, evaluation: evaluation, information: information)
        }
        // Primary hooks answer for every order; supporting hooks have nothing to say here.
        guard context.hook.isPrimary else { return OrderAssessment(order: order) }
        return OrderAssessment(order: order, information: .noRequirements(for: order.label, context: context))
    }
}
