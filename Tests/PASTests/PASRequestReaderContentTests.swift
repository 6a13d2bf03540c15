import CaseStore
import FHIR
import Testing

@testable import PAS

/// What the reader draws from requests beyond the official examples: urgency signals, CRD
/// assertions on orders, DTR responses, providers given as PractitionerRoles, `urn:uuid:`
/// references, whole-request cancels.
@Suite struct PASRequestReaderContentTests {
    let reader = PASRequestReader()
    let claim = "Bundle.entry[0].resource"
    let losURL = PASVocabulary.Extension.levelOfServiceCode

    func referral() throws -> JSON { try PASExamples.json("Bundle-ReferralAuthorizationBundleExample") }
    func homecare() throws -> JSON { try PASExamples.json("Bundle-HomecareAuthorizationBundleExample") }

    func levelOfService(_ code: String) -> JSON {
        ["url": .string(losURL), "valueCodeableConcept": ["coding": [["system": .string(PASVocabulary.X12.levelOfService), "code": .string(code)]]]]
    }

    @Test func emergencyLevelOfServiceIsExpedited() throws {
        let request = try reader.read(try homecare().replacing("entry[0].resource.extension", with: [levelOfService("03")]))
        #expect(request.urgency.level == .expedited)
        #expect(request.urgency.reason.contains("03"))
    }

    @Test func anImmediateAppealWithALevelOfServiceIsExpedited() throws {
        let bundle = try homecare()
            .replacing("entry[0].resource.extension", with: [levelOfService("E")])
            .replacing("entry[0].resource.item[1].extension[1].valueCodeableConcept.coding[0].code", with: "1")
        let request = try reader.read(bundle)
        #expect(request.urgency.level == .expedited)
        #expect(request.urgency.reason.contains("item 2"))
    }

    @Test func priorityStatCountsOnlyWithoutALevelOfService() throws {
        let stat = try homecare().replacing("entry[0].resource.priority.coding[0].code", with: "stat")
        #expect(try reader.read(stat).urgency.level == .expedited)
        let elective = stat.replacing("entry[0].resource.extension", with: [levelOfService("E")])
        #expect(try reader.read(elective).urgency.level == .standard)
    }

    @Test func theOrdersCoverageAssertionAndSatisfiedAuthorizationAreRead() throws {
        let information: JSON = [
            "url": .string(CoverageInformation.url),
            "extension": [
                ["url": "covered", "valueCode": "covered"],
                ["url": "coverage-assertion-id", "valueString": "assert-1"],
                ["url": "satisfied-pa-id", "valueString": "PA-77"],
            ],
        ]
        let bundle = try referral().replacing("entry[5].resource.extension", with: [information])
        let request = try reader.read(bundle)
        #expect(request.items.first?.coverageAssertionIDs == ["assert-1"])
        #expect(request.items.first?.satisfiedPAIDs == ["PA-77"])
        #expect(request.coverageAssertionIDs == ["assert-1"])
    }

    @Test func aQuestionnaireResponseInSupportingInfoIsResolved() throws {
        let response: JSON = ["resourceType": "QuestionnaireResponse", "id": "qr1", "status": "completed"]
        var bundle = try referral()
        var entries = try #require(bundle["entry"]?.array)
        entries.append(["fullUrl": "urn:uuid:6f0c3b9e-2a51-4c8e-9e8d-8f2b1b7d2a11", "resource": response])
        bundle["entry"] = .array(entries)
        bundle = bundle.replacing(
            "entry[0].resource.supportingInfo[1]",
            with: ["sequence": 2, "category": ["coding": [["code": "questionnaire"]]],
                "valueReference": ["reference": "urn:uuid:6f0c3b9e-2a51-4c8e-9e8d-8f2b1b7d2a11"]])
        let request = try reader.read(bundle)
        #expect(request.questionnaireResponses == [response])
        #expect(request.supportingInfo.count == 2)
    }

    @Test func aPractitionerRoleProviderGivesItsPractitionersNPI() throws {
        let bundle = try referral().replacing("entry[0].resource.provider.reference", with: "PractitionerRole/ReferralPractitionerRoleExample")
        let request = try reader.read(bundle)
        #expect(request.provider.resourceType == "PractitionerRole")
        #expect(request.providerNPIs == ["1234567893"])
    }

    @Test func aProviderThatIsAPatientIsRefused() throws {
        let bundle = try referral().replacing("entry[0].resource.provider.reference", with: "Patient/SubscriberExample")
        let error = try #require(expectRefusal { _ = try reader.read(bundle) })
        #expect(error.issue(at: "\(claim).provider")?.code == .value)
    }

    @Test func typeAndIdReferencesFindEntriesWithUUIDFullURLs() throws {
        var bundle = try referral()
        let count = try #require(bundle["entry"]?.array?.count)
        for index in 0..<count {
            bundle = bundle.replacing("entry[\(index)].fullUrl", with: .string("urn:uuid:00000000-0000-4000-8000-00000000000\(index)"))
        }
        let request = try reader.read(bundle)
        #expect(request.patient.id == "SubscriberExample")
        #expect(request.claimFullURL == "urn:uuid:00000000-0000-4000-8000-000000000000")
    }

    /// Between `urn:uuid:` entries a `Type/id` naming nothing must be reported, not taken for
    /// an empty resource.
    @Test func aDanglingTypeAndIdBetweenUUIDEntriesIsNotFound() throws {
        var bundle = try referral()
        let count = try #require(bundle["entry"]?.array?.count)
        for index in 0..<count {
            bundle = bundle.replacing("entry[\(index)].fullUrl", with: .string("urn:uuid:00000000-0000-4000-8000-00000000000\(index)"))
        }
        bundle = bundle.replacing("entry[0].resource.insurer.reference", with: "Organization/Nobody")
        let error = try #require(expectRefusal { _ = try reader.read(bundle) })
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "\(claim).insurer")?.code == .notFound)
    }

    @Test func aQuantityKeepsItsDecimalAsWritten() throws {
        let bundle = try homecare().replacing(
            "entry[0].resource.item[0].quantity", with: ["value": .number(JSONNumber(literal: "1.50")!), "unit": "visit"])
        let request = try reader.read(bundle)
        #expect(request.items[0].quantity == CaseQuantity(value: "1.50", unit: "visit"))
    }

    @Test func aClaimLevelCancelNeedsNoItems() throws {
        let cancel: JSON = [
            "url": .string(PASVocabulary.Extension.certificationType),
            "valueCodeableConcept": ["coding": [["system": .string(PASVocabulary.X12.certificationType), "code": "3"]]],
        ]
        let bundle = try PASExamples.json("Bundle-HomecareAuthorizationUpdateBundleExample")
            .replacing("entry[0].resource.item", with: nil)
            .replacing("entry[0].resource.extension", with: [cancel])
        let request = try reader.read(bundle)
        #expect(request.cancelsWholeRequest)
        #expect(request.isUpdate)
        #expect(request.items.isEmpty)

        let withoutCancel = bundle.replacing("entry[0].resource.extension", with: nil)
        let error = try #require(expectRefusal { _ = try reader.read(withoutCancel) })
        #expect(error.issue(at: "\(claim).item")?.code == .required)
    }
}
