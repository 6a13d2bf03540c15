import CaseStore
import Eligibility
import FHIR
import Foundation

extension CoverageAssertion {
    /// The row that records what the response told the EHR about one order; `nil` for an order
    /// the response says nothing about.
    init?(
        _ assessment: OrderAssessment, context: CoverageInformationContext, request: HookRequest, clientID: String,
        member: MemberContext?, payer: Payer?, now: Date
    ) {
        guard let information = assessment.information else { return nil }
        let service = assessment.service ?? assessment.order.codes.first
        self.init(
            id: information.assertionID, orderReference: assessment.order.reference, hookInstance: request.hookInstance,
            hook: request.hook.rawValue, clientID: clientID, memberID: member?.member.id, coverageID: member?.coverage.id,
            clientCoverageReference: context.coverage.reference ?? "none", payerID: payer?.id,
            serviceSystem: service?.system, serviceCode: service?.code, covered: information.covered.rawValue,
            paNeeded: information.paNeeded?.rawValue, questionnaires: information.questionnaires,
            policyID: assessment.policy?.id, policyVersion: assessment.policy?.version,
            extensionJSON: information.json.serializedString(),
            evaluationJSON: assessment.evaluation?.record.json.serializedString(), createdAt: now,
            expiresOn: information.expiryDate)
    }
}
