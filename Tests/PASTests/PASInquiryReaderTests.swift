import CaseStore
import FHIR
import Testing

@testable import PAS

/// The inquiry Bundle reads into its search keys.
@Suite struct PASInquiryReaderTests {
    let reader = PASInquiryReader()
    let hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"

    func example() throws -> JSON { try PASExamples.json("Bundle-PASClaimInquiryBundleExample") }

    @Test func theOfficialInquiryReadsWithItsKeys() throws {
        let inquiry = try reader.read(try example())
        #expect(inquiry.identifier.value == "5269367")
        #expect(inquiry.memberID == "1122334455")
        #expect(inquiry.providerNPIs == ["8189991234"])
        #expect(inquiry.insurerIdentifier?.value == "1234567893")
        #expect(inquiry.services == [ServiceCode(system: hcpcs, code: "G0154"), ServiceCode(system: hcpcs, code: "B4184")])
        #expect(!inquiry.matchesAnyService)
        #expect(inquiry.traceNumbers.isEmpty)
        #expect(inquiry.authorizationNumber == nil)
        #expect(inquiry.servicePeriods.isEmpty)
        #expect(!inquiry.usesVersion22Form)
    }

    @Test func theParametersFormIsThe22Form() throws {
        let inquiry = try reader.read(try example().wrappedInParameters)
        #expect(inquiry.usesVersion22Form)
        #expect(inquiry.memberID == "1122334455")
    }

    @Test func aVersioned22ProfileIsThe22Form() throws {
        let bundle = try example().replacing(
            "meta.profile[0]", with: "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-pas-inquiry-request-bundle|2.2.1")
        #expect(try reader.read(bundle).usesVersion22Form)
    }

    @Test func notApplicableMeansAnyService() throws {
        let bundle = try example().replacing("entry[0].resource.item[1].productOrService.coding[0].code", with: "not-applicable")
        let inquiry = try reader.read(bundle)
        #expect(inquiry.matchesAnyService)
        #expect(inquiry.services.map(\.code) == ["G0154"])
    }

    @Test func numbersTracesAndDatesAreKeys() throws {
        let bundle = try example()
            .replacing("entry[0].resource.extension", with: [
                ["url": .string(PASVocabulary.Extension.authorizationNumber), "valueString": "AUTH0001"],
                ["url": .string(PASVocabulary.Extension.administrationReferenceNumber), "valueString": "PEND0001"],
            ])
            .replacing("entry[0].resource.item[0].extension[2]", with: [
                "url": .string(PASVocabulary.Extension.itemTraceNumber),
                "valueIdentifier": ["system": "http://example.org/ITEM_TRACE_NUMBER", "value": "1122334"],
            ])
            .replacing("entry[0].resource.item[0].servicedDate", with: "2019-07-05")
        let inquiry = try reader.read(bundle)
        #expect(inquiry.authorizationNumber == "AUTH0001")
        #expect(inquiry.administrationReferenceNumber == "PEND0001")
        #expect(inquiry.traceNumbers.map(\.value) == ["1122334"])
        #expect(inquiry.servicePeriods == [ServicePeriod(start: "2019-07-05", end: "2019-07-05")])
    }

    @Test func anInquiryWithoutAMemberIDIsRefused() throws {
        let bundle = try example().replacing("entry[3].resource.subscriberId", with: nil)
        let error = try #require(expectRefusal { _ = try reader.read(bundle) })
        #expect(error.status == .unprocessableContent)
        #expect(error.issue(at: "Bundle.entry[0].resource.patient")?.code == .required)
    }

    @Test func aMemberIdentifierTypedMBOnThePatientIsEnough() throws {
        let bundle = try example()
            .replacing("entry[3].resource.subscriberId", with: nil)
            .replacing("entry[4].resource.identifier[0].type", with: [
                "coding": [["system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"]]
            ])
        #expect(try reader.read(bundle).memberID == "12345678901")
    }

    @Test func anInquiryWithProblemsListsThemAll() throws {
        let bundle = try example()
            .replacing("type", with: "searchset")
            .replacing("entry[0].resource.item[0].servicedDate", with: "2019")
            .replacing("entry[0].resource.provider.reference", with: "Organization/Unknown")
        let error = try #require(expectRefusal { _ = try reader.read(bundle) })
        let expressions = Set(error.outcome.issues.flatMap(\.expression))
        #expect(expressions.isSuperset(of: [
            "Bundle.type", "Bundle.entry[0].resource.item[0].servicedDate", "Bundle.entry[0].resource.provider",
        ]))
        #expect(error.outcome.issues.count == 3)
    }
}
