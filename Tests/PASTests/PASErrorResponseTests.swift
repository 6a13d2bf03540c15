import FHIR
import Foundation
import Testing

@testable import PAS

/// The business-error answer has the shape of the official error example.
@Suite struct PASErrorResponseTests {
    typealias F = PASResponseFixtures
    typealias Check = PASResponseChecks

    private func errorResponse(_ errors: [PASErrorCondition], version: PASVersion = .v2_2) throws -> JSON {
        try PASResponseBuilder(version: version, baseURL: F.baseURL)
            .errorResponse(to: F.referralRequest(), errors: errors, responseID: "ERR-1", at: F.moment)
    }

    @Test func errorsHaveTheOfficialExampleShape() throws {
        let path = "Bundle.entry[4].resource.identifier[0].value"
        let bundle = try errorResponse([.memberNotFound(path: path)])
        let claimResponse = try #require(bundle.firstResource)
        #expect(claimResponse["outcome"] == "error")
        #expect(claimResponse["item"] == nil)
        #expect(claimResponse["status"] == "active")
        #expect(claimResponse["use"] == "preauthorization")
        #expect(try Check.unresolvedReferences(in: bundle) == [])

        let error = try #require(claimResponse["error"]?[0])
        #expect(error["code"]?["coding"]?[0]?["system"]?.string == PASVocabulary.X12.rejectReason)
        #expect(error["code"]?["coding"]?[0]?["code"] == "75")
        #expect(error.subValue(PASResponseURL.errorPath, "valueString")?.string == path)
        #expect(error.subValue(PASResponseURL.errorFollowupAction, "valueCodeableConcept")?["coding"]?[0]?["system"]?.string
            == PASVocabulary.X12.followUpAction)

        let official = try #require(
            PASExamples.json("Bundle-ErrorResponseBundleExample").firstResource?["error"]?.array?.first { $0["extension"] != nil })
        let ourShapes = Set((error["extension"]?.array ?? []).map { Check.shape(of: $0) })
        let theirShapes = Set((official["extension"]?.array ?? []).map { Check.shape(of: $0) })
        #expect(ourShapes == theirShapes)
        #expect(Set(error.object?.keys ?? []) == Set(official.object?.keys ?? []))
    }

    @Test func before22TheErrorElementIsAString() throws {
        let claimResponse = try #require(try errorResponse([.providerNotRecognized()], version: .v2_1).firstResource)
        let error = try #require(claimResponse["error"]?[0])
        #expect(error.subValue(PASResponseURL.errorElement, "valueString") == "2010B-NM109")
        #expect(error.extension(url: PASResponseURL.errorPath) == nil)
    }

    @Test func theNamedErrorsUseDistinctX12Codes() throws {
        let conditions: [PASErrorCondition] = [
            .memberNotFound(), .coverageNotActive(), .providerNotRecognized(), .updateOfDeniedRequest(),
        ]
        #expect(Set(conditions.map(\.rejectReason)).count == conditions.count)
        let claimResponse = try #require(try errorResponse(conditions).firstResource)
        let codes = claimResponse["error"]?.array?.compactMap { $0["code"]?["coding"]?[0]?["code"]?.string }
        #expect(codes == conditions.map(\.rejectReason))
    }
}
