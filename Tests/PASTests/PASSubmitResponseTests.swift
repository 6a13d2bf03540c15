import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// The `$submit` answer for the official referral request, one review action at a time, and
/// for the two-item home-care request with mixed decisions.
@Suite struct PASSubmitResponseTests {
    typealias F = PASResponseFixtures
    typealias Check = PASResponseChecks

    /// The request item's `itemTraceNumber`, for checking the echo.
    private func requestTrace() throws -> JSON? {
        try F.referralRequest()["entry"]?[0]?["resource"]?["item"]?[0]?.extension(url: PASResponseURL.itemTraceNumber)
    }

    @Test func approvedItemCarriesA1WithNumberIssueDatePeriodAndPreAuthRef() throws {
        let bundle = try F.submitResponse([F.item(1, .certified)])
        let request = try F.referralRequest()
        let requestTrace = try requestTrace()
        #expect(bundle["type"] == "collection")
        #expect(bundle["timestamp"]?.string == FHIRInstant(F.moment).description)
        #expect(bundle["identifier"] == request["identifier"])
        #expect(bundle.profiles == [PASResponseURL.responseBundleProfile])

        let claimResponse = try #require(bundle.firstResource)
        #expect(claimResponse.resourceType == "ClaimResponse")
        #expect(claimResponse.id == F.caseID)
        #expect(bundle["entry"]?[0]?["fullUrl"]?.string == "\(F.baseURL)/ClaimResponse/\(F.caseID)")
        #expect(claimResponse.profiles == [PASResponseURL.claimResponseProfile])
        #expect(claimResponse["status"] == "active")
        #expect(claimResponse["use"] == "preauthorization")
        #expect(claimResponse["type"]?.value(at: "coding[0].code") == "professional")
        #expect(claimResponse["outcome"] == "complete")
        #expect(claimResponse["preAuthRef"]?.string == F.authorizationNumber)
        #expect(claimResponse["preAuthPeriod"] == ["start": "2026-06-01", "end": "2026-06-30"])
        #expect(claimResponse["requestor"]?["reference"] == "http://example.org/fhir/Organization/UMOExample")
        #expect(claimResponse["request"]?["reference"] == "http://example.org/fhir/Claim/ReferralAuthorizationExample")
        #expect(claimResponse["request"]?["identifier"]?["value"] == "111099")

        let item = try #require(claimResponse["item"]?[0])
        #expect(item["itemSequence"] == 1)
        let review = try #require(item.reviewAction)
        #expect(review.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A1")
        #expect(review.subValue("number", "valueString")?.string == "\(F.caseID)-1")
        #expect(item.subValue(PASResponseURL.itemPreAuthIssueDate, "valueDate")?.string == FHIRDate(F.decided).description)
        #expect(item.subValue(PASResponseURL.itemPreAuthPeriod, "valuePeriod") == ["start": "2026-06-01", "end": "2026-06-30"])
        #expect(requestTrace != nil)
        #expect(item.extension(url: PASResponseURL.itemTraceNumber) == requestTrace)
        #expect(item.extension(url: PASResponseURL.administrationReferenceNumber) == nil)
        #expect(claimResponse["addItem"] == nil)
    }

    @Test func reviewActionAndItemExtensionsHaveTheOfficialApprovedShape() throws {
        let official = try #require(PASExamples.json("Bundle-ReferralAuthorizationResponseBundleExample").firstResource?["item"]?[0])
        let ours = try #require(try F.submitResponse([F.item(1, .certified)]).firstResource?["item"]?[0])
        #expect(Check.shape(of: try #require(ours.reviewAction)) == Check.shape(of: try #require(official.reviewAction)))
        #expect(ours["adjudication"]?[0]?["category"] == official["adjudication"]?[0]?["category"])
        // Item extensions both carry have the same value types.
        for ext in ours["extension"]?.array ?? [] {
            guard let url = ext["url"]?.string, let theirs = official.extension(url: url) else { continue }
            #expect(Check.shape(of: ext) == Check.shape(of: theirs), "\(url)")
        }
        #expect(ours.extension(url: PASResponseURL.itemPreAuthIssueDate) != nil)
        #expect(ours.extension(url: PASResponseURL.itemPreAuthPeriod) != nil)
    }

    @Test func pendedItemCarriesA4AndAdministrationReferenceNumberWithOutcomeComplete() throws {
        let claimResponse = try #require(try F.submitResponse([F.item(1, .pended, note: "Awaiting clinical notes.")]).firstResource)
        #expect(claimResponse["outcome"] == "complete")
        #expect(claimResponse["preAuthRef"] == nil)
        let item = try #require(claimResponse["item"]?[0])
        let review = try #require(item.reviewAction)
        #expect(review.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A4")
        #expect(item.subValue(PASResponseURL.administrationReferenceNumber, "valueString")?.string == "\(F.caseID)-P1")
        #expect(item.extension(url: PASResponseURL.itemPreAuthIssueDate) == nil)

        let official = try #require(
            PASExamples.json("Bundle-ReferralPendingAuthorizationResponseBundleExample").firstResource?["item"]?[0])
        #expect(Check.shape(of: review) == Check.shape(of: try #require(official.reviewAction)))
        #expect(
            Check.shape(of: try #require(item.extension(url: PASResponseURL.administrationReferenceNumber)))
                == Check.shape(of: try #require(official.extension(url: PASResponseURL.administrationReferenceNumber))))
    }

    @Test func anItemNotYetReviewedAnswersA4AndTheOutcomeIsPartial() throws {
        let claimResponse = try #require(try F.submitResponse([F.item(1, nil)]).firstResource)
        #expect(claimResponse["outcome"] == "partial")
        let review = try #require(claimResponse["item"]?[0]?.reviewAction)
        #expect(review.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A4")
    }

    @Test func deniedItemCarriesA3WithReasonCodesAndAProcessNote() throws {
        let note = "Conservative therapy for six weeks is required before a specialist consultation."
        let claimResponse = try #require(
            try F.submitResponse([F.item(1, .notCertified, reasons: ["AR001", "AR002"], note: note)]).firstResource)
        #expect(claimResponse["outcome"] == "complete")
        #expect(claimResponse["preAuthRef"] == nil)
        #expect(claimResponse["preAuthPeriod"] == nil)
        let item = try #require(claimResponse["item"]?[0])
        let review = try #require(item.reviewAction)
        #expect(review.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A3")
        let reasons = review.extensions(url: "reasonCode").compactMap { $0["valueCodeableConcept"]?["coding"]?[0] }
        #expect(reasons.map { $0["system"]?.string } == [PASVocabulary.X12.reviewDecisionReason, PASVocabulary.X12.reviewDecisionReason])
        #expect(reasons.map { $0["code"]?.string } == ["AR001", "AR002"])
        #expect(item.extension(url: PASResponseURL.itemPreAuthIssueDate) == nil)

        let noteNumber = try #require(item["noteNumber"]?[0]?.int)
        let processNote = try #require(claimResponse["processNote"]?.array?.first { $0["number"]?.int == noteNumber })
        #expect(processNote["text"]?.string == note)
    }

    @Test func partiallyCertifiedItemCarriesA2WithAuthorizedDetailAndReasons() throws {
        let item = F.item(
            1, .partiallyCertified, reasons: ["AR010"], note: "Two of four visits are authorized.",
            quantity: .init(value: "4"), authorizedQuantity: .init(value: "2"))
        let claimResponse = try #require(try F.submitResponse([item]).firstResource)
        #expect(claimResponse["preAuthRef"]?.string == F.authorizationNumber)
        let answered = try #require(claimResponse["item"]?[0])
        let review = try #require(answered.reviewAction)
        #expect(review.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A2")
        #expect(review.extensions(url: "reasonCode").count == 1)
        let detail = try #require(answered.extension(url: PASResponseURL.itemAuthorizedDetail))
        #expect(detail.subValue("quantity", "valueQuantity")?["value"]?.int == 2)
        #expect(detail.subValue("productOrServiceCode", "valueCodeableConcept")?.value(at: "coding[0].code") == "3")
        #expect(answered.extension(url: PASResponseURL.itemPreAuthIssueDate) != nil)
        #expect(answered["noteNumber"] != nil)
        #expect(claimResponse["addItem"] == nil)
    }

    @Test func modifiedItemCarriesA6AndTheGrantAsAnAddItem() throws {
        let period = ServicePeriod(start: "2026-06-01", end: "2026-06-15")
        let item = F.item(
            1, .modified, reasons: ["AR020"], note: "Authorized for two weeks instead of four.",
            authorizedQuantity: .init(value: "1.50", unit: "h"), authorizedPeriod: period)
        let claimResponse = try #require(try F.submitResponse([item]).firstResource)
        #expect(claimResponse["preAuthPeriod"] == ["start": "2026-06-01", "end": "2026-06-15"])
        let answered = try #require(claimResponse["item"]?[0])
        #expect(answered.reviewAction?.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A6")
        #expect(answered.subValue(PASResponseURL.itemPreAuthPeriod, "valuePeriod") == ["start": "2026-06-01", "end": "2026-06-15"])
        let detail = try #require(answered.extension(url: PASResponseURL.itemAuthorizedDetail))
        #expect(detail.subValue("quantity", "valueQuantity")?["value"]?.number?.literal == "1.50")

        let addItem = try #require(claimResponse["addItem"]?[0])
        #expect(addItem["itemSequence"] == [1])
        #expect(addItem["quantity"]?["value"]?.number?.literal == "1.50")
        #expect(addItem["quantity"]?["unit"] == "h")
        #expect(addItem["servicedPeriod"] == ["start": "2026-06-01", "end": "2026-06-15"])
        #expect(addItem["productOrService"]?.value(at: "coding[0].code") == "3")
        #expect(addItem.reviewAction?.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "A1")
    }

    @Test func cancelledItemCarriesCAndNoAuthorization() throws {
        let claimResponse = try #require(try F.submitResponse([F.item(1, .cancelled)]).firstResource)
        #expect(claimResponse["preAuthRef"] == nil)
        let item = try #require(claimResponse["item"]?[0])
        #expect(item.reviewAction?.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code") == "C")
        #expect(item.extension(url: PASResponseURL.itemPreAuthPeriod) == nil)
    }

    @Test(arguments: [ReviewAction.certified, .pended, .notCertified, .partiallyCertified, .modified, .cancelled])
    func echoedEntriesKeepTheRequestFullUrlsAndEveryReferenceResolves(action: ReviewAction) throws {
        let request = try F.referralRequest()
        let bundle = try F.submitResponse([F.item(1, action, reasons: ["R1"], note: "n", authorizedQuantity: .init(value: "1"))])
        #expect(try Check.unresolvedReferences(in: bundle) == [])

        let requestEntries = try FHIRBundle(json: request).entries
        let echoed = try FHIRBundle(json: bundle).entries.dropFirst()
        #expect(!echoed.isEmpty)
        for entry in echoed {
            let original = requestEntries.first { $0.fullUrl == entry.fullUrl }
            #expect(original?.resource == entry.resource, "\(entry.fullUrl ?? "no fullUrl")")
        }
        let fullUrls = echoed.compactMap(\.fullUrl)
        #expect(Set(fullUrls).count == fullUrls.count)
        #expect(fullUrls.contains("http://example.org/fhir/Patient/SubscriberExample"))
        #expect(fullUrls.contains("http://example.org/fhir/Organization/InsurerExample"))
        #expect(fullUrls.contains("http://example.org/fhir/Organization/UMOExample"))
    }

    @Test func homecareRequestWithMixedDecisionsAnswersEachItemBySequence() throws {
        let request = try PASExamples.json("Bundle-HomecareAuthorizationBundleExample")
        let items = [
            F.item(1, .certified),
            F.item(2, .notCertified, reasons: ["AR030"], note: "Supplies are covered under the home health episode."),
        ]
        let bundle = try F.submitResponse(items, request: request)
        let claimResponse = try #require(bundle.firstResource)
        #expect(bundle["entry"]?[0]?["resource"]?.resourceType == "ClaimResponse")
        let answered = try #require(claimResponse["item"]?.array)
        let requested = try #require(request["entry"]?[0]?["resource"]?["item"]?.array)
        #expect(answered.map { $0["itemSequence"] } == requested.map { $0["sequence"] })
        let codes = answered.map { $0.reviewAction?.subValue(PASResponseURL.reviewActionCode, "valueCodeableConcept")?.value(at: "coding[0].code")?.string }
        #expect(codes == ["A1", "A3"])
        #expect(answered[0]["noteNumber"] == nil)
        #expect(answered[1]["noteNumber"] == [1])
        #expect(claimResponse["processNote"]?.array?.count == 1)
        #expect(claimResponse["outcome"] == "complete")
        #expect(claimResponse["preAuthRef"]?.string == F.authorizationNumber)
        #expect(answered[1].reviewAction?.extensions(url: "reasonCode").count == 1)
        #expect(try Check.unresolvedReferences(in: bundle) == [])
    }

    @Test func version22SaysWhetherAPersonReviewedAndEarlierVersionsDoNot() throws {
        let byRules = try #require(try F.submitResponse([F.item(1, .certified)]).firstResource)
        let reviewer = try #require(byRules.extension(url: PASResponseURL.claimResponseReviewer))
        #expect(reviewer.subValue("wasHumanReviewedFlag", "valueBoolean") == false)

        let byNurse = try #require(
            try F.submitResponse([F.item(1, .notCertified, reasons: ["R"], note: "n", decidedBy: "nurse.jones")]).firstResource)
        #expect(byNurse.extension(url: PASResponseURL.claimResponseReviewer)?.subValue("wasHumanReviewedFlag", "valueBoolean") == true)

        for version in [PASVersion.v2_0_1, .v2_1] {
            let older = try #require(try F.submitResponse([F.item(1, .certified)], version: version).firstResource)
            #expect(older.extension(url: PASResponseURL.claimResponseReviewer) == nil)
        }
    }

    @Test func aBundleWhoseFirstEntryIsNotAClaimIsRefused() throws {
        var request = try F.referralRequest()
        var entries = try #require(request["entry"]?.array)
        entries.swapAt(0, 1)
        request["entry"] = .array(entries)
        #expect(throws: OperationOutcome.self) { try F.submitResponse([F.item(1, .certified)], request: request) }
    }
}
