import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// What `adjudicate(req)` gets as `req.order` (Rules/README.md): the item's code, amount and
/// dates, the ICD-10-CM diagnoses the item names in `Claim.diagnosis` (or all of them) and its
/// order's reasons, and the order itself under `resource` — so a policy reads a diagnosis alike
/// in CRD and PAS.
@Suite struct PASRuleOrderTests {
    /// The official referral, asking for a lumbar MRI (72148) for the diagnosis `code`.
    static func lumbarMRI(diagnosis code: String) throws -> JSON {
        try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
            .replacing(
                "entry[0].resource.item[0].productOrService",
                with: ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "72148"]]])
            .replacing(
                "entry[0].resource.diagnosis[0].diagnosisCodeableConcept",
                with: ["coding": [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": .string(code)]]])
    }

    static func submit(_ bundle: JSON) async throws -> (answer: PASAnswer, basis: JSON) {
        let env = try await PASSubmitServiceTests.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await env.service.submit(
            body: bundle.serialized(), submitter: PASSubmitServiceTests.submitter, receivedAt: PASSubmitServiceTests.receivedAt)
        let caseID = try #require(try await env.store.cases(memberID: "M-1").first?.id)
        let event = try #require(try await env.store.events(caseID: caseID).first { $0.kind == .decision })
        let after = try JSON.parse(try #require(event.after))
        return (answer, try #require(after["basis"]))
    }

    /// G83.4 (cauda equina syndrome) is a red flag to the lumbar MRI policy: certified at once,
    /// without the conservative-therapy answers it otherwise needs.
    @Test func aRedFlagDiagnosisOnTheClaimCertifiesTheMRI() async throws {
        let (answer, basis) = try await Self.submit(try Self.lumbarMRI(diagnosis: "G83.4"))
        #expect(PASSubmitServiceTests.reviewAction(answer.body) == "A1")
        let order = try #require(basis["input"]?["order"])
        #expect(order["resource_type"] == "ServiceRequest")
        #expect(order["codes"] == [["system": "http://www.ama-assn.org/go/cpt", "code": "72148"]])
        #expect(order["reason_codes"] == [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G83.4"]])
        // The ServiceRequest is there for a policy that reads it; this one did not.
        #expect(order["resource"] == nil)
        #expect(basis["unread"]?.array?.contains("order.resource") == true)
    }

    @Test func withoutARedFlagTheMRIWaitsForItsDocumentation() async throws {
        let (answer, basis) = try await Self.submit(try Self.lumbarMRI(diagnosis: "M54.16"))
        #expect(PASSubmitServiceTests.reviewAction(answer.body) == "A4")
        #expect(basis["input"]?["order"]?["reason_codes"] == [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M54.16"]])
    }

    /// An item that names diagnoses gets those; the order's own reasons (ICD-10-CM only) follow.
    @Test func anItemGetsTheDiagnosesItNamesAndItsOrdersReasons() throws {
        let bundle = try Self.lumbarMRI(diagnosis: "M54.16")
            .replacing("entry[0].resource.diagnosis[1]", with: [
                "sequence": 2,
                "diagnosisCodeableConcept": ["coding": [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G83.4"]]],
            ])
            .replacing("entry[0].resource.item[0].diagnosisSequence", with: [2])
            .replacing("entry[5].resource.reasonCode", with: [["coding": [
                ["system": "http://snomed.info/sct", "code": "279039007"],
                ["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M51.26"],
            ]]])
        let item = try #require(try PASRequestReader().read(bundle).items.first)
        #expect(item.diagnoses.map(\.code) == ["G83.4", "279039007", "M51.26"])
        let order = AdjudicationRuleInput.order(for: item)
        #expect(order.reasonCodes.map(\.code) == ["G83.4", "M51.26"])
        #expect(order.json["reason_codes"]?.array?.compactMap { $0["code"]?.string } == ["G83.4", "M51.26"])
        #expect(order.resource?["id"] == "ReferralRequestExample")
    }

    /// Amount and dates as the item wrote them; a period with neither end is an empty table.
    @Test func theItemsAmountAndDates() throws {
        let written = try Self.lumbarMRI(diagnosis: "M54.16")
            .replacing("entry[0].resource.item[0].quantity", with: ["value": 1.50, "unit": "study"])
            .replacing("entry[0].resource.item[0].servicedDate", with: nil)
            .replacing("entry[0].resource.item[0].servicedPeriod", with: ["start": "2026-12-01", "end": "2026-12-31"])
        let item = try #require(try PASRequestReader().read(written).items.first)
        let order = AdjudicationRuleInput.order(for: item)
        #expect(order.json["quantity"] == ["value": 1.50, "unit": "study"])
        #expect(order.json["period"] == ["start": "2026-12-01", "end": "2026-12-31"])
        let open = try #require(try PASRequestReader().read(written.replacing("entry[0].resource.item[0].servicedPeriod", with: [:])).items.first)
        #expect(AdjudicationRuleInput.order(for: open).json["period"] == [:])
    }

    @Test func aDiagnosisSequenceThatNamesNoDiagnosisIsRefused() throws {
        let bundle = try Self.lumbarMRI(diagnosis: "M54.16").replacing("entry[0].resource.item[0].diagnosisSequence", with: [7])
        let error = try #require(expectRefusal { _ = try PASRequestReader().read(bundle) })
        #expect(error.status == .unprocessableContent)
        #expect(error.issue(at: "Bundle.entry[0].resource.item[0].diagnosisSequence[0]")?.code == .value)
    }
}
