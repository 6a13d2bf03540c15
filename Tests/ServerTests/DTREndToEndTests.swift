import CaseStore
import CRD
import DTR
import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// CRD → DTR → PAS over real HTTP on loopback, with the shipped rules and forms: the EHR signs a
/// home-oxygen order, the clinic fetches the form by the assertion's id, sends the completed
/// response, and a PAS request for the order is approved by the rules without a reviewer —
/// whether the request carries the response or only the order's coverage-assertion-id (then
/// the rules read the answers the DTR server kept).
@Suite struct DTREndToEndTests {
    static func server() async throws -> TestServer {
        try await CDSHooks.server { configuration in
            configuration.questionnairesDirectory = Paths.repository.appendingPathComponent("Questionnaires").path
            configuration.rulesDirectory = Paths.repository.appendingPathComponent("Rules").path
        }
    }

    /// FHIR headers with a demo-clinic token granting `scope`.
    static func headers(_ server: TestServer, scope: String) async throws -> HTTPFields {
        var headers = fhirJSONHeaders
        headers[.authorization] = "Bearer \(try await server.accessToken(client: "demo-clinic", scope: scope))"
        return headers
    }

    static func body(_ json: JSON) -> ByteBuffer { ByteBuffer(bytes: json.serialized()) }

    @Test(arguments: [true, false])
    func orderSignThenPackageThenResponseThenPASIsApprovedByTheRules(responseInBundle: Bool) async throws {
        let server = try await Self.server()
        let dtr = try await Self.headers(server, scope: "system/Questionnaire.rs system/QuestionnaireResponse.crus")
        let pas = server.fhirHeaders
        let hook = try CDSHooks.demoRequest("order-sign-home-oxygen")
        let coverage = try #require(hook["prefetch"]?["coverage"]?["entry"]?[0]?["resource"])

        let (package, created, search, submitted) = try await server.live { client in
            // 1. CRD: the order needs documentation; the answer carries the assertion id.
            let ehr = try await EHRClient(client)
            let answer = try await ehr.call(.orderSign, hook).hookAnswer(.orderSign)
            let order = try #require(answer["systemActions"]?[0]?["resource"])
            let information = try #require(order.extensions(url: CoverageInformation.url).last)
            let context = try #require(information.subExtensionCode("coverage-assertion-id"))

            // 2. DTR: the package by context.
            let input: JSON = .resource(type: "Parameters", ["parameter": [
                ["name": "coverage", "resource": coverage], ["name": "context", "valueString": .string(context)],
            ]])
            let package = try await client.execute(
                uri: "/Questionnaire/$questionnaire-package", method: .post, headers: dtr, body: Self.body(input))
            let bundle = try #require(try package.json().packageBundles.first, "\(String(buffer: package.body))")
            let form = try #require(bundle.entryResources.first)
            let draft = try #require(bundle.entryResources.last)

            // 3. The clinician completes the draft; the clinic sends it.
            let response = Self.completed(draft, form: form)
            let created = try await client.execute(uri: "/QuestionnaireResponse", method: .post, headers: dtr, body: Self.body(response))
            let search = try await client.execute(
                uri: "/QuestionnaireResponse?context=\(context)", method: .get, headers: dtr)

            // 4. PAS: the order (with CRD's coverage-information), and the stored response or not.
            let stored = try created.json()
            let request = try Self.pasRequest(coverage: coverage, order: order, response: responseInBundle ? stored : nil as JSON?)
            let submitted = try await client.execute(uri: "/Claim/$submit", method: .post, headers: pas, body: Self.body(request))
            return (package, created, search, submitted)
        }
        #expect(package.status == .ok)
        #expect(created.status == .created, "\(String(buffer: created.body))")
        #expect(created.headers[.location]?.contains("/QuestionnaireResponse/") == true)
        #expect(try search.json()["entry"]?.array?.count == 1)
        #expect(submitted.status == .ok, "\(String(buffer: submitted.body))")
        let claimResponse = try #require(try submitted.json()["entry"]?[0]?["resource"])
        let actionCode = claimResponse["item"]?[0]?["adjudication"]?[0]?["extension"]?.array?
            .first { $0["url"]?.string?.hasSuffix("extension-reviewAction") == true }?["extension"]?.array?
            .first { $0["url"]?.string?.hasSuffix("extension-reviewActionCode") == true }?["valueCodeableConcept"]?["coding"]?[0]?["code"]?.string
        #expect(actionCode == "A1")
        let cases = try await server.store.cases(memberID: "member-007")
        let caseID = try #require(cases.first?.id)
        let detail = try #require(try await server.store.caseDetail(id: caseID))
        #expect(detail.items.first?.decidedBy == "rules")
        // Where the answers came from is on the case: the stored response, when the Bundle lacked it.
        let event = try #require(try await server.store.events(caseID: caseID).first { $0.kind == .decision })
        let after = try JSON.parse(try #require(event.after))
        let basis = try #require(after["basis"])
        let storedID = try #require(try created.json().id)
        let expected: JSON? = responseInBundle ? nil : [.string("QuestionnaireResponse/\(storedID)")]
        #expect(basis["stored_questionnaire_responses"] == expected)
    }

    /// Tokens and scopes as for the other FHIR APIs; reads and search by url; `$validate` still
    /// answers for Questionnaire beside its literal routes.
    @Test func questionnaireRoutesNeedTheirScopesAndServeTheForms() async throws {
        let server = try await Self.server()
        let reader = try await Self.headers(server, scope: "system/Questionnaire.rs")
        let claimsOnly = server.fhirHeaders
        let input = Self.body(.resource(type: "Parameters", ["parameter": [["name": "questionnaire", "valueCanonical": "x"]]]))
        let results = try await server.live { client in
            [
                try await client.execute(uri: "/Questionnaire/$questionnaire-package", method: .post, headers: fhirJSONHeaders, body: input),
                try await client.execute(uri: "/Questionnaire/$questionnaire-package", method: .post, headers: claimsOnly, body: input),
                try await client.execute(uri: "/Questionnaire/home-oxygen", method: .get, headers: reader),
                try await client.execute(
                    uri: "/Questionnaire?url=http://greenlight.example/fhir/Questionnaire/cpap", method: .get, headers: reader),
                try await client.execute(uri: "/Questionnaire/nothing", method: .get, headers: reader),
                try await client.execute(
                    uri: "/Questionnaire/$validate", method: .post, headers: reader,
                    body: ByteBuffer(string: #"{"resourceType": "Questionnaire", "status": "active"}"#)),
            ]
        }
        #expect(results[0].status == .unauthorized)
        #expect(results[1].status == .forbidden)
        #expect(try results[2].json()["url"]?.string == "http://greenlight.example/fhir/Questionnaire/home-oxygen")
        #expect(try results[3].json().entryResources.map(\.id) == ["cpap"])
        #expect(results[4].status == .notFound)
        #expect(results[5].status == .ok)
        #expect(try results[5].json()["resourceType"]?.string == "OperationOutcome")
    }

    /// The draft answered: SpO2 86% at rest on room air three days ago, patient mobile at home.
    static func completed(_ draft: JSON, form: JSON) -> JSON {
        func answer(_ key: String, _ value: JSON, source: String = "manual") -> JSON {
            var origin: [JSON] = [["url": "source", "valueCode": .string(source)]]
            if source != "auto" {
                origin.append(["url": "author", "extension": [["url": "practitioner", "valueReference": ["reference": "Practitioner/pract-3"]]]])
            }
            return ["extension": [["url": .string(DTRVocabulary.informationOrigin), "extension": .array(origin)]], key: value]
        }
        let system = "http://greenlight.example/fhir/CodeSystem/home-oxygen"
        var response = draft
        response["status"] = "completed"
        response["subject"] = ["reference": "Patient/member-007"]
        response["item"] = [
            ["linkId": "study", "item": [
                ["linkId": "test-condition", "answer": [answer("valueCoding", ["system": .string(system), "code": "rest"])]],
                ["linkId": "test-type", "answer": [answer("valueCoding", ["system": .string(system), "code": "spo2"], source: "auto")]],
                ["linkId": "test-result", "answer": [answer("valueDecimal", 86, source: "auto")]],
                ["linkId": "test-date", "answer": [answer("valueDate", "2026-11-20", source: "auto")]],
                ["linkId": "room-air", "answer": [answer("valueBoolean", true)]],
            ]],
            ["linkId": "mobile-in-home", "answer": [answer("valueBoolean", true)]],
        ]
        return response
    }

    /// The official referral request made this member's: their Coverage, CRD's order as the
    /// item's requested service (E0431), and the stored response as supporting information
    /// when given (else none).
    static func pasRequest(coverage: JSON, order: JSON, response: JSON?) throws -> JSON {
        let url = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1/Bundle-ReferralAuthorizationBundleExample.json")
        var bundle = try JSON.parse(data: Data(contentsOf: url))
        bundle["identifier"] = ["system": "http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER", "value": .string(UUID().uuidString)]
        var entries = bundle["entry"]?.array ?? []
        var claim = try #require(entries[0]["resource"])
        var item = try #require(claim["item"]?[0])
        item["productOrService"] = ["coding": [["system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "E0431"]]]
        let orderAddress = try #require(order.address?.relative)
        item["extension"] = .array((item["extension"]?.array ?? []).filter { $0["url"]?.string?.hasSuffix("extension-requestedService") != true }
            + [["url": "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-requestedService", "valueReference": ["reference": .string(orderAddress)]]])
        claim["item"] = [item]
        let responseAddress = try response.map { try #require($0.address?.relative) }
        claim["supportingInfo"] = responseAddress.map { address -> JSON in
            [[
                "sequence": 1,
                "category": ["coding": [["system": "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes", "code": "additionalInformation"]]],
                "valueReference": ["reference": .string(address)],
            ]]
        }
        entries[0]["resource"] = claim
        var ourCoverage = coverage
        ourCoverage["id"] = "InsuranceExample"
        ourCoverage["beneficiary"] = ["reference": "Patient/SubscriberExample"]
        ourCoverage["subscriber"] = ["reference": "Patient/SubscriberExample"]
        for index in entries.indices where entries[index]["resource"]?.resourceType == "Coverage" {
            entries[index]["resource"] = ourCoverage
        }
        entries.append(["fullUrl": .string("http://example.org/fhir/\(orderAddress)"), "resource": order])
        if let response, let responseAddress {
            entries.append(["fullUrl": .string("http://example.org/fhir/\(responseAddress)"), "resource": response])
        }
        bundle["entry"] = .array(entries)
        return bundle
    }
}

extension JSON {
    var packageBundles: [JSON] {
        (self["parameter"]?.array ?? []).filter { $0["name"]?.string == "PackageBundle" }.compactMap { $0["resource"] }
    }
    var entryResources: [JSON] { (self["entry"]?.array ?? []).compactMap { $0["resource"] } }
}
