import CaseStore
import FHIR
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// `Claim/$submit` over real HTTP on loopback: the official referral request, with the provider
/// organization's token, against the shipped Rules.
@Suite struct PASSubmitHTTPTests {
    static func referral() throws -> ByteBuffer {
        let url = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1/Bundle-ReferralAuthorizationBundleExample.json")
        return ByteBuffer(bytes: try JSON.parse(data: Data(contentsOf: url)).serialized())
    }

    /// A server whose directory holds the examples' insurer (by its NPI) and member.
    static func server() async throws -> TestServer {
        let server = try await CDSHooks.server(seedDemo: false)
        try await server.store.upsertPayer(Payer(
            id: "payer-x", name: "Example Insurer", identifierSystem: "http://hl7.org/fhir/sid/us-npi", identifierValue: "1234567893"))
        try await server.store.upsertMember(Member(id: "M-1", payerID: "payer-x", patientJSON: "{}"))
        try await server.store.upsertCoverage(MemberCoverage(
            id: "cov-1", memberID: "M-1", payerID: "payer-x", subscriberID: "1122334455", status: "active", coverageJSON: "{}"))
        return server
    }

    @Test func theReferralExampleIsAnsweredWithAClaimResponseAndRecordedForTheClinic() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let (first, second) = try await server.live { client in
            let first = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: Self.referral())
            let second = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: Self.referral())
            return (first, second)
        }
        #expect(first.status == .ok)
        #expect(first.headers[.contentType]?.hasPrefix("application/fhir+json") == true)
        let claimResponse = try first.json()["entry"]?[0]?["resource"]
        #expect(claimResponse?["resourceType"]?.string == "ClaimResponse")
        #expect(try second.json()["entry"]?[0]?["resource"]?["id"] == claimResponse?["id"])
        let cases = try await server.store.cases(memberID: "M-1")
        #expect(cases.count == 1)
        #expect(cases.first?.submitter == "npi:1500000017")
    }

    @Test func submittingNeedsATokenWithClaimCreate() async throws {
        let server = try await Self.server()
        let readOnly = try await server.accessToken(client: "demo-clinic", scope: "system/ClaimResponse.rs")
        let (anonymous, limited) = try await server.live { client in
            let anonymous = try await client.execute(
                uri: "/Claim/$submit", method: .post, headers: fhirJSONHeaders, body: Self.referral())
            var headers = fhirJSONHeaders
            headers[.authorization] = "Bearer \(readOnly)"
            let limited = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: Self.referral())
            return (anonymous, limited)
        }
        #expect(anonymous.status == .unauthorized)
        #expect(limited.status == .forbidden)
        #expect(try await server.store.cases(memberID: "M-1").isEmpty)
    }

    @Test func aMalformedBundleIsA4xxOperationOutcome() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let response = try await server.live { client in
            try await client.execute(
                uri: "/Claim/$submit", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"resourceType": "Bundle", "type": "collection", "entry": []}"#))
        }
        #expect(response.status == .unprocessableContent)
        let outcome = try response.operationOutcome()
        #expect(!outcome.issues.isEmpty)
        #expect(outcome.issues.allSatisfy { !($0.expression ?? []).isEmpty })
    }

    @Test func anInquiryFindsTheClinicsRequest() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let examples = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1")
        let homecare = ByteBuffer(bytes: try Data(contentsOf: examples.appendingPathComponent("Bundle-HomecareAuthorizationBundleExample.json")))
        let inquiry = ByteBuffer(bytes: try Data(contentsOf: examples.appendingPathComponent("Bundle-PASClaimInquiryBundleExample.json")))
        let (submitted, answer) = try await server.live { client in
            let submitted = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: homecare)
            let answer = try await client.execute(uri: "/Claim/$inquire", method: .post, headers: headers, body: inquiry)
            return (submitted, answer)
        }
        #expect(submitted.status == .ok)
        #expect(answer.status == .ok)
        let resources = (try answer.json()["entry"]?.array ?? []).compactMap { $0["resource"] }
        #expect(resources.filter { $0["resourceType"]?.string == "ClaimResponse" }.count == 1)
    }

    /// The official home-health original, then its Claim Update (one item withdrawn, one
    /// added), through the same `$submit`.
    @Test func aClaimUpdateOverHTTPAnswersEveryItemsCurrentResult() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let examples = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1")
        let original = ByteBuffer(bytes: try Data(contentsOf: examples.appendingPathComponent("Bundle-HomecareAuthorizationBundleExample.json")))
        let update = ByteBuffer(bytes: try Data(contentsOf: examples.appendingPathComponent("Bundle-HomecareAuthorizationUpdateBundleExample.json")))
        let (opened, updated) = try await server.live { client in
            let opened = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: original)
            let updated = try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: update)
            return (opened, updated)
        }
        #expect(opened.status == .ok)
        #expect(updated.status == .ok)
        let items = try updated.json()["entry"]?[0]?["resource"]?["item"]?.array ?? []
        #expect(items.compactMap { $0["itemSequence"]?.int } == [1, 2, 3])
        let cases = try await server.store.cases(memberID: "M-1")
        #expect(cases.count == 1)
        let stored = try await server.store.items(caseID: try #require(cases.first).id)
        #expect(stored.map(\.reviewAction) == [nil, .cancelled, nil])
    }

    /// The demo clinic's request for a demo member (the benchmark's request): the lab panel is
    /// certified by the rules at once, the lumbar MRI without documentation waits.
    @Test func theDemoRequestIsAdjudicatedByTheShippedPolicies() async throws {
        let server = try await CDSHooks.server(seedDemo: true)
        let headers = server.fhirHeaders
        let body = ByteBuffer(bytes: try Data(contentsOf: Paths.fixtures.appendingPathComponent("demo/pas/submit-lab-and-mri.json")))
        let response = try await server.live { client in
            try await client.execute(uri: "/Claim/$submit", method: .post, headers: headers, body: body)
        }
        #expect(response.status == .ok)
        let claimResponse = try response.json()["entry"]?[0]?["resource"]
        let actions = (claimResponse?["item"]?.array ?? []).map { item in
            (item["adjudication"]?[0]?["extension"]?.array ?? []).lazy
                .compactMap { $0["extension"]?.array }.joined()
                .first { $0["url"]?.string?.hasSuffix("extension-reviewActionCode") == true }?["valueCodeableConcept"]?["coding"]?[0]?["code"]?.string
        }
        #expect(actions == ["A1", "A4"])
    }

    /// The PAS operations sit beside `$validate` on Claim, and other types have no `$submit`.
    @Test func claimValidateStillAnswersBesideThePASOperations() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let (validate, patientSubmit) = try await server.live { client in
            let validate = try await client.execute(
                uri: "/Claim/$validate", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"resourceType": "Claim", "status": "active"}"#))
            let patientSubmit = try await client.execute(uri: "/Patient/$submit", method: .post, headers: headers, body: Self.referral())
            return (validate, patientSubmit)
        }
        #expect(validate.status == .ok)
        #expect(try validate.operationOutcome().issues.isEmpty == false)
        #expect(patientSubmit.status == .notFound)
    }
}
