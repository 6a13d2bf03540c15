import CaseStore
import FHIR
import Testing

@testable import CRD

/// What every answer must satisfy, checked on the JSON sent (not on the service's own model):
/// the CDS Hooks response shape Inferno checks, CRD's rules for coverage information, and the
/// profile's invariants q1–q7. Every test that decides runs these.
enum ResponseChecks {
    static let cardTypes = Set(CardType.allCases.map(\.rawValue))

    static func verify(_ decision: HookDecision, for data: HookData) {
        #expect(decision.violations.isEmpty, "engine produced invalid coverage-information: \(decision.violations)")
        let body = decision.response.json
        let hook = data.request.hook
        for problem in HookResponseConformance.problems(in: body, hook: hook) { Issue.record("\(problem)") }
        let actions = body["systemActions"]?.array ?? []

        let inScope = CoverageRequirementsService.inScopeOrders(data)
        if hook.isPrimary {
            #expect(actions.count == inScope.count, "a primary hook answers every in-scope order")
        }
        // Ours: the last coverage-information (an order may carry other payers' answers too).
        let ours = actions.map { $0["resource"]?.extensions(url: CoverageInformation.url).last }
        #expect(!ours.contains(nil), "every system action carries coverage-information")
        let ids = Set(ours.compactMap { $0?.code("coverage-assertion-id") })
        #expect(ids.count <= 1, "one Coverage per response: one assertion id, got \(ids)")
        #expect(Set(decision.assertions.map(\.id)) == ids)
        #expect(decision.assertions.count == actions.count)
        for (assertion, (action, sent)) in zip(decision.assertions, zip(actions, ours)) {
            #expect((try? JSON.parse(assertion.extensionJSON)) == sent, "the stored extension is the one sent")
            #expect(assertion.orderReference == action["resource"]?.address?.relative)
        }
    }
}
