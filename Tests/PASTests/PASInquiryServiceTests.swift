import CaseStore
import FHIR
import Foundation
import Logging
import Testing

@testable import PAS

/// `Claim/$inquire` without HTTP: the official inquiry example against a case opened from the
/// official home-care request.
@Suite struct PASInquiryServiceTests {
    static let clinic = PASRequester(submitter: "npi:1500000017", npis: ["1500000017"])

    /// A store with the home-care request submitted by the clinic.
    static func environment() async throws -> (PASSubmitServiceTests.Environment, PASInquiryService) {
        let env = try await PASSubmitServiceTests.environment()
        let body = try PASExamples.json("Bundle-HomecareAuthorizationBundleExample").serialized()
        let answer = await env.service.submit(body: body, submitter: clinic.submitter, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(answer.status == 200)
        return (env, PASInquiryService(store: env.store, baseURL: "https://pa.example/fhir"))
    }

    static func claimResponses(_ bundle: JSON?) -> [JSON] {
        (bundle?["entry"]?.array ?? []).compactMap(\.["resource"]).filter { $0.resourceType == "ClaimResponse" }
    }

    @Test func theSubmitterFindsItsRequestInEitherForm() async throws {
        let (env, service) = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let inquiry = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        let answer = await service.inquire(body: inquiry.serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(answer.status == 200)
        #expect(answer.body.resourceType == "Bundle")
        #expect(Self.claimResponses(answer.body).count == 1)

        let wrapped: JSON = ["resourceType": "Parameters", "parameter": [["name": "resource", "resource": inquiry]]]
        let v22 = await service.inquire(body: wrapped.serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(v22.status == 200)
        #expect(v22.body.resourceType == "Parameters")
        #expect(v22.body["parameter"]?.array?.count == 1)
    }

    /// With the version set to 2.2, even a bare inquiry Bundle is answered in the 2.2 form.
    @Test func theVersionSettingChoosesTheAnswerShape() async throws {
        let (env, _) = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let inquiry = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        for (version, shape) in [(PASVersion.v2_2, "Parameters"), (.v2_0_1, "Bundle"), (.v2_1, "Bundle")] {
            let service = PASInquiryService(store: env.store, version: version, baseURL: "https://pa.example/fhir")
            let answer = await service.inquire(body: inquiry.serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
            #expect(answer.status == 200)
            #expect(answer.body.resourceType == shape, "\(version)")
        }
    }

    /// Another organization sees nothing unless the case names it as provider and it names
    /// itself in the inquiry; keys that do not match find nothing.
    @Test func othersAndOtherKeysFindNothing() async throws {
        let (env, service) = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let inquiry = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        let stranger = PASRequester(submitter: "npi:1999999999", npis: ["1999999999"])
        let named = PASRequester(submitter: "npi:8189991234", npis: ["8189991234"])
        for (requester, expected) in [(stranger, 0), (named, 1)] {
            let answer = await service.inquire(body: inquiry.serialized(), requester: requester, receivedAt: PASSubmitServiceTests.receivedAt)
            #expect(Self.claimResponses(answer.body).count == expected, "\(requester.submitter)")
        }
        let otherService = inquiry.replacing(
            "entry[0].resource.item", with: [[
                "sequence": 1, "category": ["coding": [["code": "1"]]],
                "productOrService": ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "99999"]]],
            ]])
        let none = await service.inquire(body: otherService.serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(none.status == 200)
        #expect(Self.claimResponses(none.body).isEmpty)
    }

    /// Each key the inquiry may carry — authorization number, administration reference number,
    /// item trace number, service, service date — finds the request when it matches and nothing
    /// when it does not.
    @Test func eachKeyFindsTheRequestAndAWrongValueFindsNothing() async throws {
        let env = try await PASSubmitServiceTests.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let request = try PASExamples.json("Bundle-HomecareAuthorizationBundleExample")
            .replacing("entry[0].resource.item[0].extension[2]", with: [
                "url": .string(PASVocabulary.Extension.itemTraceNumber),
                "valueIdentifier": ["system": "http://clinic.example/trace", "value": "TRN-77"],
            ])
            .replacing("entry[0].resource.item[0].servicedDate", with: "2026-03-10")
        let submitted = await env.service.submit(
            body: request.serialized(), submitter: Self.clinic.submitter, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(submitted.status == 200)
        let paCase = try #require(try await env.store.cases(memberID: "M-1").first)
        let service = PASInquiryService(store: env.store, baseURL: "https://pa.example/fhir")

        let base = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        func found(_ edit: (JSON) -> JSON) async -> Int {
            let answer = await service.inquire(body: edit(base).serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
            #expect(answer.status == 200)
            return Self.claimResponses(answer.body).count
        }
        func claimExtension(_ url: String, _ value: String) -> (JSON) -> JSON {
            { $0.replacing("entry[0].resource.extension", with: [["url": .string(url), "valueString": .string(value)]]) }
        }
        let authorization = PASVocabulary.Extension.authorizationNumber
        let number = try #require(paCase.authorizationNumber)
        #expect(await found(claimExtension(authorization, number)) == 1)
        #expect(await found(claimExtension(authorization, "NOT-" + number)) == 0)

        let reference = PASVocabulary.Extension.administrationReferenceNumber
        #expect(await found(claimExtension(reference, paCase.id + "-P1")) == 1)
        #expect(await found(claimExtension(reference, "GL-OTHER-P1")) == 0)

        func trace(_ value: String) -> (JSON) -> JSON {
            { inquiry in
                let extensions = inquiry["entry"]?[0]?["resource"]?["item"]?[0]?["extension"]?.array ?? []
                return inquiry.replacing("entry[0].resource.item[0].extension[\(extensions.count)]", with: [
                    "url": .string(PASVocabulary.Extension.itemTraceNumber),
                    "valueIdentifier": ["system": "http://clinic.example/trace", "value": .string(value)],
                ])
            }
        }
        #expect(await found(trace("TRN-77")) == 1)
        #expect(await found(trace("TRN-78")) == 0)

        func serviced(_ date: String) -> (JSON) -> JSON {
            { $0.replacing("entry[0].resource.item[0].servicedDate", with: .string(date)) }
        }
        #expect(await found(serviced("2026-03-10")) == 1)
        #expect(await found(serviced("2026-04-10")) == 0)
    }

    @Test func aStoreThatCannotBeReadIsA503() async throws {
        let (env, service) = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try env.store.close()
        let inquiry = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        let answer = await service.inquire(body: inquiry.serialized(), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(answer.status == 503)
        #expect(try OperationOutcome(json: answer.body).issues.first?.code == .transient)
    }

    @Test func aMalformedInquiryIsRefused() async throws {
        let (env, service) = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await service.inquire(body: Array("{}".utf8), requester: Self.clinic, receivedAt: PASSubmitServiceTests.receivedAt)
        #expect(answer.status == 400)
        #expect(answer.body.resourceType == "OperationOutcome")
    }
}
