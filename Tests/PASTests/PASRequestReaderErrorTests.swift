import FHIR
import Testing

@testable import PAS

/// Malformed requests are refused with one OperationOutcome naming the element at fault.
@Suite struct PASRequestReaderErrorTests {
    let reader = PASRequestReader()
    let claim = "Bundle.entry[0].resource"

    func referral() throws -> JSON { try PASExamples.json("Bundle-ReferralAuthorizationBundleExample") }
    func homecare() throws -> JSON { try PASExamples.json("Bundle-HomecareAuthorizationBundleExample") }

    func refusal(_ json: JSON, sourceLocation: SourceLocation = #_sourceLocation) -> PASRequestError? {
        expectRefusal({ _ = try reader.read(json) }, sourceLocation: sourceLocation)
    }

    @Test func textThatIsNotJSONIsABadRequest() throws {
        let error = try #require(expectRefusal { _ = try reader.read(Array("{\"resourceType\": ".utf8)) })
        #expect(error.status == .badRequest)
        #expect(error.outcome.issues.count == 1)
        #expect(error.outcome.issues.first?.code == .structure)
    }

    @Test func jsonThatIsNotAnObjectIsABadRequest() throws {
        let error = try #require(refusal([1, 2]))
        #expect(error.status == .badRequest)
        #expect(error.issue(at: "Bundle")?.code == .structure)
    }

    @Test func aResourceOtherThanABundleIsABadRequest() throws {
        let error = try #require(refusal(["resourceType": "Patient", "id": "p"]))
        #expect(error.status == .badRequest)
        #expect(error.issue(at: "Bundle")?.code == .invalid)
    }

    @Test func aParametersWithoutTheResourceParameterIsABadRequest() throws {
        let error = try #require(refusal(["resourceType": "Parameters", "parameter": [["name": "other", "valueString": "x"]]]))
        #expect(error.status == .badRequest)
        #expect(error.issue(at: "Parameters.parameter")?.code == .required)
    }

    @Test func aBundleOfTheWrongTypeIsUnprocessable() throws {
        let error = try #require(refusal(try referral().replacing("type", with: "transaction")))
        #expect(error.status == .unprocessableContent)
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "Bundle.type")?.code == .value)
    }

    @Test func aBundleWithoutAClaimIsUnprocessable() throws {
        let error = try #require(refusal(try referral().replacing("entry[0]", with: nil)))
        #expect(error.status == .unprocessableContent)
        #expect(error.issue(at: claim)?.code == .required)
    }

    @Test func aClaimThatIsNotFirstIsNamedWhereItIs() throws {
        let bundle = try referral()
        var entries = try #require(bundle["entry"]?.array)
        entries.append(entries.removeFirst())
        let error = try #require(refusal(bundle.replacing("entry", with: .array(entries))))
        #expect(error.status == .unprocessableContent)
        let issue = try #require(error.issue(at: claim))
        #expect(issue.code == .invalid)
        #expect(issue.expression.contains("Bundle.entry[\(entries.count - 1)].resource"))
    }

    @Test func aReferenceToNothingInTheBundleIsNotFound() throws {
        let error = try #require(refusal(try referral().replacing("entry[0].resource.patient.reference", with: "Patient/Elsewhere")))
        #expect(error.status == .unprocessableContent)
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "\(claim).patient")?.code == .notFound, "\(error)")
    }

    @Test func aDanglingRequestedServiceIsNamedByItsExtension() throws {
        let error = try #require(
            refusal(try referral().replacing("entry[0].resource.item[0].extension[5].valueReference.reference", with: "ServiceRequest/Gone")))
        #expect(error.issue(at: "\(claim).item[0].extension[5].valueReference")?.code == .notFound)
    }

    @Test func aClaimForPaymentIsRefused() throws {
        let error = try #require(refusal(try referral().replacing("entry[0].resource.use", with: "claim")))
        #expect(error.issue(at: "\(claim).use")?.code == .value)
    }

    @Test func aServiceDateThatIsNotAFullDateIsRefused() throws {
        let bundle = try PASExamples.json("Bundle-MedicalServicesAuthorizationBundleExample")
        let error = try #require(refusal(bundle.replacing("entry[0].resource.item[0].servicedDate", with: "2005-05")))
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "\(claim).item[0].servicedDate")?.code == .value)
    }

    @Test func aServicePeriodEndingBeforeItStartsIsRefused() throws {
        let bundle = try homecare().replacing(
            "entry[0].resource.item[1].servicedPeriod", with: ["start": "2005-06-01", "end": "2005-05-01"])
        let error = try #require(refusal(bundle))
        #expect(error.issue(at: "\(claim).item[1].servicedPeriod")?.code == .value)
    }

    @Test func aServicePeriodInOrderIsKept() throws {
        let bundle = try homecare().replacing(
            "entry[0].resource.item[1].servicedPeriod", with: ["start": "2005-05-01", "end": "2005-06-01"])
        let request = try reader.read(bundle)
        #expect(request.items[1].serviced?.start == "2005-05-01")
        #expect(request.items[1].serviced?.end == "2005-06-01")
    }

    @Test func aRepeatedItemSequenceIsRefusedAtTheRepeat() throws {
        let error = try #require(refusal(try homecare().replacing("entry[0].resource.item[1].sequence", with: 1)))
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "\(claim).item[1].sequence")?.code == .value)
    }

    @Test func anItemWithoutCertificationTypeIsRefused() throws {
        let error = try #require(refusal(try homecare().replacing("entry[0].resource.item[0].extension[1]", with: nil)))
        #expect(error.issue(at: "\(claim).item[0].extension")?.code == .required)
        #expect(error.issue(at: "\(claim).item[0].extension")?.diagnostics?.contains("certificationType") == true)
    }

    @Test func aCertificationTypeOutsideX12IsRefused() throws {
        let error = try #require(
            refusal(try homecare().replacing("entry[0].resource.item[0].extension[1].valueCodeableConcept.coding[0].code", with: "X")))
        #expect(error.issue(at: "\(claim).item[0].extension[1].valueCodeableConcept")?.code == .value)
    }

    @Test func anImmediateAppealWithoutLevelOfServiceBreaksTheRule() throws {
        let error = try #require(
            refusal(try homecare().replacing("entry[0].resource.item[0].extension[1].valueCodeableConcept.coding[0].code", with: "1")))
        #expect(error.outcome.issues.count == 1)
        #expect(error.issue(at: "\(claim).item[0].extension[1]")?.code == .businessRule)
    }

    @Test func aQuantityWrittenAsTextIsRefused() throws {
        let error = try #require(refusal(try homecare().replacing("entry[0].resource.item[0].quantity", with: ["value": "2"])))
        #expect(error.issue(at: "\(claim).item[0].quantity.value")?.code == .value)
    }

    @Test func anEntryWithATransactionRequestIsRefused() throws {
        let error = try #require(refusal(try referral().replacing("entry[1].request", with: ["method": "POST", "url": "Organization"])))
        #expect(error.issue(at: "Bundle.entry[1].request")?.code == .structure)
    }

    @Test func anUpdateWhosePriorClaimIsNotAClaimIsRefused() throws {
        let bundle = try PASExamples.json("Bundle-HomecareAuthorizationUpdateBundleExample")
        let error = try #require(refusal(bundle.replacing("entry[0].resource.related[0].claim.reference", with: "Patient/SubscriberExample")))
        #expect(error.issue(at: "\(claim).related[0].claim")?.code == .value)
    }

    @Test func anUpdateWhosePriorClaimIsMissingIsRefused() throws {
        let bundle = try PASExamples.json("Bundle-HomecareAuthorizationUpdateBundleExample")
        let error = try #require(refusal(bundle.replacing("entry[5]", with: nil)))
        #expect(error.issue(at: "\(claim).related[0].claim")?.code == .notFound)
    }

    @Test func everyProblemIsAnIssueOfTheSameOutcome() throws {
        let bundle = try referral()
            .replacing("type", with: "batch")
            .replacing("timestamp", with: "2005-05-02")
            .replacing("identifier.value", with: nil)
            .replacing("entry[0].resource.status", with: "draft")
            .replacing("entry[0].resource.item[0].sequence", with: 0)
            .replacing("entry[0].resource.insurer.reference", with: "Organization/Nobody")
        let error = try #require(refusal(bundle))
        #expect(error.status == .unprocessableContent)
        let expressions = Set(error.outcome.issues.flatMap(\.expression))
        for expected in [
            "Bundle.type", "Bundle.timestamp", "Bundle.identifier.value", "\(claim).status", "\(claim).item[0].sequence",
            "\(claim).insurer",
        ] {
            #expect(expressions.contains(expected), "no issue at \(expected)")
        }
        #expect(error.outcome.issues.count == 6)
        // The JSON the HTTP layer will send is one OperationOutcome with those issues.
        #expect(error.outcome.json["issue"]?.array?.count == 6)
    }
}
