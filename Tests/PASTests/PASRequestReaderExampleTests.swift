import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// The official PAS 2.2.1 request examples read, with the fields the submit service uses.
@Suite struct PASRequestReaderExampleTests {
    let reader = PASRequestReader()
    let hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"

    @Test func theUrgentReferralIsExpeditedWithItsMemberAndProvider() throws {
        let request = try reader.read(PASExamples.json("Bundle-ReferralAuthorizationBundleExample"))
        #expect(request.identifier == RequestIdentifier(system: "http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER", value: "A12345"))
        #expect(request.timestamp.description == "2005-05-02T11:01:00+05:00")
        #expect(request.claimFullURL == "http://example.org/fhir/Claim/ReferralAuthorizationExample")
        #expect(request.urgency.level == .expedited)
        #expect(request.urgency.reason.contains("U"))
        #expect(!request.isUpdate)
        #expect(request.certificationType == nil)
        #expect(request.memberID == "1122334455")
        #expect(request.providerNPIs == ["8189991234"])
        #expect(request.insurerIdentifier?.value == "1234567893")
        #expect(request.patient.id == "SubscriberExample")
        #expect(request.coverage.id == "InsuranceExample")
        #expect(request.provider.id == "UMOExample")
        #expect(request.claimIdentifiers.map(\.value) == ["111099"])

        #expect(request.items.count == 1)
        let item = try #require(request.items.first)
        #expect(item.sequence == 1)
        #expect(item.category.code == "3")
        #expect(item.service == ServiceCode(system: PASVocabulary.X12.serviceType, code: "3"))
        #expect(item.certificationType == .initial)
        #expect(item.requestType.code == "SC")
        #expect(item.location?.code == "11")
        #expect(item.traceNumbers.map(\.value) == ["1122334"])
        #expect(item.authorizationNumber == "1122445")
        #expect(item.administrationReferenceNumber == "9988311")
        #expect(item.requestedService?.address?.relative == "ServiceRequest/ReferralRequestExample")
        #expect(!item.isCancelled)
        #expect(item.infoChanged == nil)

        #expect(request.supportingInfo.map(\.resource.resourceType) == ["DocumentReference"])
        #expect(request.questionnaireResponses.isEmpty)
    }

    @Test func theElectiveSurgicalRequestIsStandard() throws {
        let request = try reader.read(PASExamples.json("Bundle-SurgicalRequestBundleExample"))
        #expect(request.urgency.level == .standard)
        #expect(request.urgency.reason.contains("E"))
        #expect(request.identifier.value == "16139462398")
        #expect(request.items.map(\.service) == [ServiceCode(system: hcpcs, code: "33510")])
        #expect(request.items.first?.requestType.code == "AR")
        #expect(request.providerNPIs == ["8189991234"])
    }

    /// The brief says three items; the 2.2.1 file holds two (the third is added by the update).
    @Test func theHomecareRequestHasItsItemsInOrder() throws {
        let request = try reader.read(PASExamples.json("Bundle-HomecareAuthorizationBundleExample"))
        #expect(request.items.map(\.sequence) == [1, 2])
        #expect(request.items.map(\.service.code) == ["G0154", "B4184"])
        #expect(request.items.allSatisfy { $0.certificationType == .initial && $0.category.code == "42" })
        #expect(request.urgency.level == .standard)
    }

    @Test func theHomecareUpdateNamesItsPriorClaimAndCancelsAndAddsItems() throws {
        let request = try reader.read(PASExamples.json("Bundle-HomecareAuthorizationUpdateBundleExample"))
        #expect(request.isUpdate)
        #expect(request.priorClaim?.id == "HomecareAuthorizationExample")
        #expect(request.priorClaimIdentifiers.map(\.value) == ["111099"])
        #expect(request.claimIdentifiers.map(\.value) == ["111099-UPDATE"])
        #expect(!request.cancelsWholeRequest)
        #expect(request.items.map(\.sequence) == [1, 2, 3])

        let first = request.items[0], second = request.items[1], third = request.items[2]
        #expect(!first.isCancelled && first.infoChanged == nil && first.certificationType == .initial)
        #expect(second.isCancelled)
        #expect(second.certificationType == .cancel)
        #expect(second.infoChanged == .changed)
        #expect(!third.isCancelled)
        #expect(third.infoChanged == .added)
        #expect(third.service.code == "B4185")
    }

    @Test func theMedicalServicesRequestKeepsItsServiceDate() throws {
        let request = try reader.read(PASExamples.json("Bundle-MedicalServicesAuthorizationBundleExample"))
        #expect(request.items.first?.serviced == ServicePeriod(start: "2005-05-10", end: "2005-05-10"))
        #expect(request.urgency.level == .standard)
        #expect(request.items.first?.authorizationNumber == "1122344")
    }

    @Test(arguments: [
        "Bundle-ReferralAuthorizationBundleExample", "Bundle-SurgicalRequestBundleExample",
        "Bundle-HomecareAuthorizationBundleExample", "Bundle-HomecareAuthorizationUpdateBundleExample",
        "Bundle-MedicalServicesAuthorizationBundleExample",
    ])
    func theParametersFormReadsTheSame(name: String) throws {
        let bundle = try PASExamples.json(name)
        let bare = try reader.read(bundle)
        var wrapped = try reader.read(bundle.wrappedInParameters)
        #expect(wrapped.wasWrappedInParameters)
        #expect(!bare.wasWrappedInParameters)
        wrapped.wasWrappedInParameters = false
        #expect(wrapped == bare)
    }

    @Test func theBytesOfAnExampleReadAsItsJSON() throws {
        let bundle = try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
        let request = try reader.read(Array(bundle.serializedString().utf8))
        #expect(request == (try reader.read(bundle)))
    }
}
