import Auth
import CaseStore
import CRD
import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import Testing

/// The CRD CDS Hooks service over real HTTP, as an EHR uses it: discovery, the hooks with the
/// official examples and the demo plan's requests, prefetch read from the EHR, the refusals
/// CRD prescribes, JWT authentication, feedback and CORS. Every 200 answer goes through
/// ``HookResponseConformance``.
@Suite("CDS Hooks over HTTP")
struct CDSHooksTests {
    // MARK: Discovery

    @Test func discoveryListsTheSixServicesWithTheirConfigurationOptions() async throws {
        let server = try await CDSHooks.server(seedDemo: false)
        try await server.live { client in
            let response = try await EHRClient(client).send(.get, "/cds-services")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let services = try #require(try response.json()["services"]?.array)
            #expect(Set(services.compactMap { $0["id"]?.string }) == Set(HookName.allCases.map(\.serviceID)))
            #expect(services.count == 6)
            for service in services {
                let id = service["id"]?.string ?? "?"
                #expect(service["hook"]?.string.flatMap(HookName.init(rawValue:))?.serviceID == id)
                #expect(service["description"]?.string?.isEmpty == false, "\(id)")
                #expect(service["prefetch"]?["patient"]?.string == "Patient/{{context.patientId}}", "\(id)")
                let options = try #require(service["extension"]?["davinci-crd.configuration-options"]?.array, "\(id)")
                let codes = options.compactMap { $0["code"]?.string }
                #expect(Set(codes).count == options.count, "\(id): option codes are unique")
                // CRD: a boolean switch per card type the service can return.
                let cardTypes = options.filter { $0["type"]?.string == "boolean" && $0["code"]?.string != "form-completion" }
                #expect(!cardTypes.isEmpty, "\(id)")
                #expect(cardTypes.allSatisfy { $0["default"]?.bool != nil }, "\(id)")
                let maxCards = options.first { $0["code"]?.string == "max-cards" }
                #expect(maxCards?["type"]?.string == "integer" && maxCards?["default"]?.int != nil, "\(id)")
            }
        }
    }

    @Test func discoveryWithoutAJWTIs401() async throws {
        let server = try await CDSHooks.server(seedDemo: false)
        try await server.live { client in
            let response = try await EHRClient(client).send(.get, "/cds-services", credentials: .none)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=") == true)
            #expect(try response.refusal().issues.first?.code == .login)
        }
    }

    // MARK: The official examples

    struct OfficialExample: Sendable, CustomStringConvertible {
        var file: String
        var hook: HookName
        /// The in-scope orders a primary hook's answer must carry coverage-information for.
        var orders: [String] = []
        var description: String { file }
    }

    static let officialExamples: [OfficialExample] = [
        .init(file: "ig-2.1.0/CRDServiceRequest.json", hook: .orderSign, orders: ["ServiceRequest/1357", "ServiceRequest/2468"]),
        .init(file: "ig-2.2.1/CRDServiceRequest.json", hook: .orderSign, orders: ["ServiceRequest/1357", "ServiceRequest/2468"]),
        .init(file: "ig-2.2.1/CRDServiceRequest2.json", hook: .orderDispatch, orders: ["MedicationRequest/1111", "MedicationRequest/2222"]),
        .init(file: "ig-2.2.1/CRDServiceRequest3.json", hook: .orderSign, orders: ["CommunicationRequest/example"]),
        .init(file: "ig-2.2.1/CRDServiceRequest4.json", hook: .appointmentBook, orders: ["Appointment/example"]),
        .init(file: "inferno-crd-test-kit/encounter_start_hook_request.json", hook: .encounterStart),
        .init(file: "inferno-crd-test-kit/order_select_hook_request.json", hook: .orderSelect),
    ]

    /// Sends an official example with its `fhirServer` pointed at ``AcmeExamples/ehr()`` on
    /// loopback, to a server that knows Acme; `check` gets the answer, the server, the EHR and the
    /// request as sent.
    func withOfficialExample(
        _ file: String, hook: HookName,
        _ check: @Sendable (_ answer: TestResponse, _ server: TestServer, _ ehr: EHRFHIRServer, _ request: JSON) async throws -> Void
    ) async throws {
        let server = try await CDSHooks.server(seedDemo: false)
        try await AcmeExamples.seed(into: server.store)
        let ehr = try AcmeExamples.ehr()
        try await ehr.serving { base in
            var request = try CDSHooks.example(file)
            request["fhirServer"] = .string(base)
            let sent = request
            try await server.live { client in
                try await check(try await EHRClient(client).call(hook, sent), server, ehr, sent)
            }
        }
    }

    @Test(arguments: officialExamples)
    func everyOfficialExampleIsAnswered(_ example: OfficialExample) async throws {
        let held = Set(try AcmeExamples.resources().compactMap(\.address?.relative))
        try await withOfficialExample(example.file, hook: example.hook) { response, _, ehr, request in
            let answer = try response.hookAnswer(example.hook)
            if example.hook.isPrimary {
                #expect(answer.actionTargets == example.orders, "one coverage-information action per in-scope order")
            }
            // What the service read, it read with the example's token, and the EHR had it.
            let token = try #require(request["fhirAuthorization"]?["access_token"]?.string)
            #expect(ehr.seen.allSatisfy { $0.authorization == "Bearer \(token)" })
            for read in ehr.seen.map(\.path) where !read.contains("?") {
                #expect(held.contains(read), "the service asked the EHR for \(read)")
            }
        }
    }

    /// The oxygen order is Acme's member's and governed by the home-oxygen policy; the
    /// mammography (SNOMED, no policy) is answered without one.
    @Test(arguments: ["ig-2.1.0/CRDServiceRequest.json", "ig-2.2.1/CRDServiceRequest.json"])
    func theExamplesOxygenOrderGetsAHomeOxygenDecision(_ file: String) async throws {
        try await withOfficialExample(file, hook: .orderSign) { response, server, ehr, _ in
            let answer = try response.hookAnswer(.orderSign)
            #expect(ehr.seen.contains { $0.path == "Organization/acme-payer" }, "the payer is known by its Organization")
            let information = Dictionary(uniqueKeysWithValues: zip(answer.actionTargets, answer.coverageInformation))
            let oxygen = try #require(information["ServiceRequest/2468"])
            #expect(oxygen.subExtensionCode("covered") == "conditional")
            #expect(oxygen.subExtensionCode("pa-needed") == "auth-needed")
            #expect(oxygen.subExtensionCodes("questionnaire") == [AcmeExamples.homeOxygenQuestionnaire])
            let mammography = try #require(information["ServiceRequest/1357"])
            #expect(mammography.subExtensionCode("covered") == "covered")
            #expect(mammography.subExtensionCode("pa-needed") == "no-auth")
            #expect(mammography.subExtensionCodes("questionnaire").isEmpty)

            let id = try #require(oxygen.subExtensionCode("coverage-assertion-id"))
            let rows = try await server.store.coverageAssertions(id: id)
            #expect(rows.map(\.orderReference).sorted() == ["ServiceRequest/1357", "ServiceRequest/2468"])
            #expect(rows.allSatisfy { $0.memberID == AcmeExamples.memberID && $0.payerID == AcmeExamples.payer.id })
            #expect(rows.first { $0.orderReference == "ServiceRequest/2468" }?.policyID == "home-oxygen")
            #expect(rows.first { $0.orderReference == "ServiceRequest/1357" }?.policyID == nil)
        }
    }

    // MARK: The demo plan's requests

    struct DemoExpectation: Sendable, CustomStringConvertible {
        var file: String
        /// Per order: `covered`, `pa-needed` and the policy that decided.
        var covered: [String]
        var paNeeded: [String?]
        var policies: [String]
        var infoNeeded: String? = nil
        var reason: String? = nil
        var description: String { file }
    }

    /// Fixtures/demo/hooks/README.md's table.
    static let demoExpectations: [DemoExpectation] = [
        .init(file: "order-sign-lumbar-mri", covered: ["conditional"], paNeeded: ["auth-needed"], policies: ["lumbar-spine-mri"]),
        .init(file: "order-sign-brain-mri-gold-card", covered: ["covered"], paNeeded: ["no-auth"], policies: ["brain-mri"], reason: "gold-card"),
        .init(file: "order-sign-metabolic-panel", covered: ["covered"], paNeeded: ["no-auth"], policies: ["basic-metabolic-panel"]),
        .init(file: "order-sign-eye-exam-exchange", covered: ["not-covered"], paNeeded: [nil], policies: ["routine-eye-exam"]),
        .init(file: "order-sign-home-oxygen", covered: ["conditional"], paNeeded: ["auth-needed"], policies: ["home-oxygen"], infoNeeded: "performer"),
        .init(file: "order-sign-cpap", covered: ["conditional"], paNeeded: ["auth-needed"], policies: ["cpap"]),
        .init(file: "order-sign-knee-arthroplasty", covered: ["conditional"], paNeeded: ["auth-needed"], policies: ["total-knee-arthroplasty"], infoNeeded: "location"),
        .init(file: "order-sign-physical-therapy", covered: ["covered"], paNeeded: ["auth-needed"], policies: ["outpatient-physical-therapy"]),
        .init(
            file: "order-sign-two-orders", covered: ["conditional", "covered"], paNeeded: ["auth-needed", "no-auth"],
            policies: ["lumbar-spine-mri", "basic-metabolic-panel"]),
    ]

    @Test(arguments: demoExpectations)
    func demoRequestsAnswerAsTheirREADMESays(_ expected: DemoExpectation) async throws {
        let server = try await CDSHooks.server()
        let request = try CDSHooks.demoRequest(expected.file)
        let answer = try await server.live { client in
            try await EHRClient(client).call(.orderSign, request).hookAnswer(.orderSign)
        }
        let information = answer.coverageInformation
        #expect(information.map { $0.subExtensionCode("covered") } == expected.covered)
        #expect(information.map { $0.subExtensionCode("pa-needed") } == expected.paNeeded)
        for extensionValue in information where extensionValue.subExtensionCode("pa-needed") == "auth-needed" {
            #expect(!extensionValue.subExtensionCodes("questionnaire").isEmpty, "where authorization is needed, its form")
        }
        if let info = expected.infoNeeded { #expect(information.first?.subExtensionCodes("info-needed") == [info]) }
        if let reason = expected.reason {
            #expect(information.first?.subExtensionValues("reason").first?["coding"]?[0]?["code"]?.string == reason)
        }

        // Every order of the call shares the one assertion id, and the rows are on disk.
        let ids = Set(information.compactMap { $0.subExtensionCode("coverage-assertion-id") })
        #expect(ids.count == 1)
        let id = try #require(ids.first)
        let rows = try await server.store.coverageAssertions(id: id)
        #expect(rows.map(\.orderReference) == answer.actionTargets)
        #expect(rows.map(\.policyID) == expected.policies)
        #expect(rows.allSatisfy { $0.clientID == "demo-ehr" })

        let hookInstance = try #require(request["hookInstance"]?.string)
        let call = try #require(try await server.store.hookCalls(HookCallQuery(hookInstance: hookInstance)).first)
        #expect(call.status == 200 && call.serviceID == "greenlight-order-sign" && call.clientID == "demo-ehr")
        #expect(call.assertionIDs == [id])
        let versions = try JSON.parse(call.ruleVersionsJSON)
        for row in rows { #expect(versions[row.policyID ?? ""]?.string == row.policyVersion) }
        #expect(try JSON.parse(call.responseJSON) == answer, "the log keeps the answer sent")
    }

    // MARK: Prefetch from the EHR

    /// The EHR behind the demo lumbar MRI request: what its prefetch held, served instead.
    static func demoEHR(for request: JSON) throws -> EHRFHIRServer {
        let prefetch = request["prefetch"]?.object ?? [:]
        let patient = try #require(request["context"]?["patientId"]?.string)
        let user = try #require(request["context"]?["userId"]?.string.flatMap(ResourceAddress.init)?.id)
        return EHRFHIRServer(
            resources: prefetch.values.flatMap(CDSHooks.resources(in:)),
            searches: [
                "Coverage?patient=\(patient)&status=active": prefetch["coverage"].map(CDSHooks.resources(in:)) ?? [],
                "Practitioner?_id=\(user)": prefetch["practitioners"].map(CDSHooks.resources(in:)) ?? [],
            ])
    }

    /// `request` without prefetch, for the EHR at `base` with a bearer token.
    static func withoutPrefetch(_ request: JSON, fhirServer base: String, token: String = "ehr-token-123") -> JSON {
        var request = request
        request["prefetch"] = nil
        request["hookInstance"] = .string(UUID().uuidString.lowercased())
        request["fhirServer"] = .string(base)
        request["fhirAuthorization"] = [
            "access_token": .string(token), "token_type": "Bearer", "expires_in": 300,
            "scope": "patient/Patient.read patient/Coverage.read user/Practitioner.read", "subject": "greenlight-crd",
        ]
        return request
    }

    @Test func missingPrefetchIsReadFromTheEHRWithItsToken() async throws {
        let server = try await CDSHooks.server()
        let prefetched = try CDSHooks.demoRequest("order-sign-lumbar-mri")
        let ehr = try Self.demoEHR(for: prefetched)
        try await ehr.serving { base in
            let fetching = Self.withoutPrefetch(prefetched, fhirServer: base)
            let (withPrefetch, fetched) = try await server.live { client in
                let ehrClient = try await EHRClient(client)
                return (
                    try await ehrClient.call(.orderSign, prefetched).hookAnswer(.orderSign),
                    try await ehrClient.call(.orderSign, fetching).hookAnswer(.orderSign)
                )
            }
            // The same decision, whichever way the data came.
            func decision(_ answer: JSON) -> [[String]] {
                answer.coverageInformation.flatMap { information in
                    ["covered", "pa-needed", "doc-needed", "info-needed", "questionnaire"].map(information.subExtensionCodes)
                }
            }
            #expect(decision(fetched) == decision(withPrefetch))
            #expect(fetched.coverageInformation.first?.subExtensionCode("pa-needed") == "auth-needed")

            #expect(ehr.seen.contains { $0.path == "Coverage?patient=member-004&status=active" })
            #expect(!ehr.seen.isEmpty && ehr.seen.allSatisfy { $0.authorization == "Bearer ehr-token-123" })
            let hookInstance = try #require(fetching["hookInstance"]?.string)
            let call = try #require(try await server.store.hookCalls(HookCallQuery(hookInstance: hookInstance)).first)
            let log = try JSON.parse(call.prefetchJSON).array ?? []
            for key in ["patient", "coverage", "practitioners"] {
                #expect(log.first { $0["key"]?.string == key }?["source"]?.string == "fetched", "\(key)")
            }
        }
    }

    /// `null` is the EHR's "no data": not fetched, and no Coverage means no active coverage.
    @Test func aPrefetchKeySentAsNullIsNotFetched() async throws {
        let server = try await CDSHooks.server()
        let prefetched = try CDSHooks.demoRequest("order-sign-lumbar-mri")
        let ehr = try Self.demoEHR(for: prefetched)
        try await ehr.serving { base in
            var request = Self.withoutPrefetch(prefetched, fhirServer: base)
            request["prefetch"] = ["coverage": .null]
            let sent = request
            let answer = try await server.live { client in
                try await EHRClient(client).call(.orderSign, sent).hookAnswer(.orderSign)
            }
            #expect(!ehr.seen.contains { $0.path.hasPrefix("Coverage") })
            #expect(ehr.seen.contains { $0.path == "Patient/member-004" }, "the keys left out are still fetched")
            let information = try #require(answer.coverageInformation.first)
            #expect(information.subExtensionCode("covered") == "not-covered")
            #expect(information.subExtensionValues("reason").first?["text"]?.string == "No Active Coverage")
            let hookInstance = try #require(sent["hookInstance"]?.string)
            let call = try #require(try await server.store.hookCalls(HookCallQuery(hookInstance: hookInstance)).first)
            let log = try JSON.parse(call.prefetchJSON).array ?? []
            #expect(log.first { $0["key"]?.string == "coverage" }?["source"]?.string == "none")
        }
    }

    // MARK: Refusals

    /// Sends the demo lumbar MRI request, changed, with a fresh hookInstance; expects `status`,
    /// logged, and returns the refusal.
    static func refused(
        _ server: TestServer, status: HTTPResponse.Status, _ change: (inout JSON) throws -> Void
    ) async throws -> OperationOutcome {
        var request = try CDSHooks.demoRequest("order-sign-lumbar-mri")
        let hookInstance = UUID().uuidString.lowercased()
        request["hookInstance"] = .string(hookInstance)
        try change(&request)
        let sent = request
        let response = try await server.live { client in try await EHRClient(client).call(.orderSign, sent) }
        #expect(response.status == status, "\(String(buffer: response.body))")
        let call = try await server.store.hookCalls(HookCallQuery(hookInstance: hookInstance)).first
        #expect(call?.status == Int(status.code), "refused calls are logged with their status")
        return try response.refusal()
    }

    @Test func missingPrefetchWithoutAFHIRServerIs412() async throws {
        let server = try await CDSHooks.server()
        let outcome = try await Self.refused(server, status: .preconditionFailed) { $0["prefetch"] = nil }
        #expect(outcome.paths == ["prefetch.patient", "prefetch.coverage"])
    }

    enum CoverageProblem: String, Sendable, CaseIterable {
        case twoActiveCoveragesOfOurPayers
        case aPayerNotServedHere
        case noPayerIdentifier
    }

    @Test(arguments: CoverageProblem.allCases)
    func coverageProblemsAre400(_ problem: CoverageProblem) async throws {
        let server = try await CDSHooks.server()
        let demo = try DemoPlan.load(from: Paths.fixtures.appendingPathComponent("demo"))
        let outcome = try await Self.refused(server, status: .badRequest) { request in
            let sent = try #require(request["prefetch"]?["coverage"].map(CDSHooks.resources(in:))?.first)
            var coverages = [sent]
            switch problem {
            case .twoActiveCoveragesOfOurPayers:
                // The same patient also holds a KindCover plan this year.
                var other = try #require(demo.coverages.first { $0.id == "cov-017" })
                other["beneficiary"] = sent["beneficiary"]
                coverages.append(other)
            case .aPayerNotServedHere:
                coverages[0]["payor"] = [["identifier": ["system": "http://example.org/payer-id", "value": "ELSEWHERE"]]]
            case .noPayerIdentifier:
                // A reference the service cannot follow: no fhirServer.
                coverages[0]["payor"] = [["reference": "Organization/somebody", "display": "Somebody Health"]]
            }
            request["prefetch"]?["coverage"] = CDSHooks.searchset(coverages)
        }
        #expect(outcome.issues.count == 1)
        #expect(outcome.paths == ["prefetch.coverage"])
    }

    enum MalformedContext: String, Sendable, CaseIterable {
        case draftOrdersNotABundle
        case noPatientID

        /// The element the refusal must name.
        var path: String {
            switch self {
            case .draftOrdersNotABundle: "context.draftOrders"
            case .noPatientID: "context.patientId"
            }
        }

        func apply(to request: inout JSON) {
            switch self {
            case .draftOrdersNotABundle: request["context"]?["draftOrders"] = .resource(type: "Parameters", id: "orders")
            case .noPatientID: request["context"]?["patientId"] = nil
            }
        }
    }

    @Test(arguments: MalformedContext.allCases)
    func malformedContextIs422NamingThePath(_ malformation: MalformedContext) async throws {
        let server = try await CDSHooks.server()
        let outcome = try await Self.refused(server, status: .unprocessableContent) { malformation.apply(to: &$0) }
        #expect(outcome.paths.contains(malformation.path), "\(outcome.paths)")
    }

    @Test func aBodyThatIsNotJSONIs400() async throws {
        let server = try await CDSHooks.server()
        let response = try await server.live { client in
            try await EHRClient(client).send(.post, EHRClient.path(.orderSign), body: "{\"hook\": \"order-sign\",")
        }
        #expect(response.status == .badRequest)
        #expect(try response.refusal().issues.count == 1)
        let logged = try await server.store.hookCalls(HookCallQuery(hookInstance: "(unreadable request)"))
        #expect(logged.map(\.status) == [400])
    }

    // MARK: The JWT

    /// A call to the lumbar MRI hook with `authorization` as the whole header.
    static func hookCall(_ server: TestServer, authorization: @Sendable (EHRClient) async throws -> String) async throws
        -> TestResponse
    {
        let request = try CDSHooks.demoRequest("order-sign-lumbar-mri").serializedString()
        return try await server.live { client in
            let ehr = try await EHRClient(client)
            return try await ehr.send(.post, EHRClient.path(.orderSign), body: request, credentials: .header(try await authorization(ehr)))
        }
    }

    static func expectRefusedJWT(_ response: TestResponse, because reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == .unauthorized, sourceLocation: sourceLocation)
        #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true, sourceLocation: sourceLocation)
        let diagnostics = try response.refusal(sourceLocation: sourceLocation).issues.first?.diagnostics ?? ""
        #expect(diagnostics.contains(reason), "\(diagnostics)", sourceLocation: sourceLocation)
    }

    @Test func aJWTSignedWithAnotherClientsKeyIs401() async throws {
        let server = try await CDSHooks.server()
        let kid = try await TestServer.signer("demo-ehr").kid
        let response = try await Self.hookCall(server) { ehr in
            // demo-ehr's name and kid, demo-clinic's key: what a thief of the kid alone could make.
            let impostor = try await ClientJWTSigner(
                clientID: "demo-ehr", kid: ehr.signer.kid,
                privateKeyPEM: String(
                    contentsOf: Paths.fixtures.appendingPathComponent("keys/demo-clinic.private.pem"), encoding: .utf8))
            return "Bearer " + (try await impostor.cdsHooksJWT(audience: EHRClient.audience(EHRClient.path(.orderSign)), now: ehr.now))
        }
        try Self.expectRefusedJWT(response, because: "key \(kid)")
    }

    @Test func aJWTWithATamperedSignatureIs401() async throws {
        let server = try await CDSHooks.server()
        let response = try await Self.hookCall(server) { ehr in
            var parts = try await ehr.authorization(EHRClient.path(.orderSign)).split(separator: ".", omittingEmptySubsequences: false)
                .map(String.init)
            var signature = Array(parts[2])
            let middle = signature.count / 2
            signature[middle] = signature[middle] == "A" ? "B" : "A"
            parts[2] = String(signature)
            return parts.joined(separator: ".")
        }
        try Self.expectRefusedJWT(response, because: "signature")
    }

    @Test func aJWTForAnotherURLIs401() async throws {
        let server = try await CDSHooks.server()
        // Signed for discovery, used on a hook: aud must be the exact URL called.
        let response = try await Self.hookCall(server) { ehr in try await ehr.authorization("/cds-services") }
        try Self.expectRefusedJWT(response, because: "aud")
    }

    @Test func anExpiredJWTIs401() async throws {
        let server = try await CDSHooks.server()
        let response = try await Self.hookCall(server) { ehr in
            let jwt = try await ehr.signer.cdsHooksJWT(
                audience: EHRClient.audience(EHRClient.path(.orderSign)), lifetime: 60, now: ehr.now.addingTimeInterval(-600))
            return "Bearer \(jwt)"
        }
        try Self.expectRefusedJWT(response, because: "expired")
    }

    @Test func aReplayedJWTIs401() async throws {
        let server = try await CDSHooks.server()
        let request = try CDSHooks.demoRequest("order-sign-lumbar-mri").serializedString()
        let (first, second) = try await server.live { client in
            let ehr = try await EHRClient(client)
            let authorization = try await ehr.authorization(EHRClient.path(.orderSign))
            let first = try await ehr.send(.post, EHRClient.path(.orderSign), body: request, credentials: .header(authorization))
            let second = try await ehr.send(.post, EHRClient.path(.orderSign), body: request, credentials: .header(authorization))
            return (first, second)
        }
        #expect(first.status == .ok)
        try Self.expectRefusedJWT(second, because: "jti")
    }

    /// A hook call's jti is written with its log entry: after the answer it is in the store,
    /// and a jti the store already holds (used before a restart, so not in memory) is refused
    /// when the call is logged — 401, and nothing of the call kept — whether the call would
    /// have been answered or refused.
    @Test func aHookCallsJTIIsRecordedWithItsLogEntry() async throws {
        let server = try await CDSHooks.server()
        var answered = try CDSHooks.demoRequest("order-sign-lumbar-mri")
        answered["hookInstance"] = .string(UUID().uuidString)
        var refused = answered
        refused["hookInstance"] = .string(UUID().uuidString)
        refused["context"]?["draftOrders"] = "not a bundle"
        let requests = [answered, refused]
        let responses = try await server.live { client in
            let ehr = try await EHRClient(client)
            var responses: [(TestResponse, String, TestResponse)] = []
            for request in requests {
                let used = try await ehr.authorization(EHRClient.path(.orderSign))
                let first = try await ehr.send(
                    .post, EHRClient.path(.orderSign), body: request.serializedString(), credentials: .header(used))
                // A second token whose jti the store holds but this process never saw.
                let replayed = try await ehr.authorization(EHRClient.path(.orderSign))
                let jti = try Self.jti(of: replayed)
                #expect(try await server.store.claimTokenID(jti, issuer: "demo-ehr", expiresAt: Date().addingTimeInterval(600)))
                var again = request
                again["hookInstance"] = .string(UUID().uuidString)
                let second = try await ehr.send(
                    .post, EHRClient.path(.orderSign), body: again.serializedString(), credentials: .header(replayed))
                responses.append((first, try Self.jti(of: used), second))
                #expect(try await server.store.hookCalls(HookCallQuery(hookInstance: again["hookInstance"]?.string)).isEmpty)
            }
            return responses
        }
        #expect(responses[0].0.status == .ok)
        #expect(responses[1].0.status == .unprocessableContent || responses[1].0.status == .badRequest)
        for (_, usedJTI, second) in responses {
            #expect(try await !server.store.claimTokenID(usedJTI, issuer: "demo-ehr", expiresAt: Date().addingTimeInterval(600)))
            try Self.expectRefusedJWT(second, because: "jti")
        }
    }

    /// The `jti` claim of a `Bearer` authorization.
    static func jti(of authorization: String) throws -> String {
        let payload = try #require(authorization.split(separator: ".").dropFirst().first)
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSON.parse(data: data)["jti"]?.string)
    }

    @Test func anUnsignedJWTIs401() async throws {
        let server = try await CDSHooks.server()
        let response = try await Self.hookCall(server) { ehr in
            let header: JSON = ["alg": "none", "typ": "JWT", "kid": .string(ehr.signer.kid)]
            let seconds = Int(ehr.now.timeIntervalSince1970)
            let payload: JSON = [
                "iss": "demo-ehr", "sub": "demo-ehr", "aud": .string(EHRClient.audience(EHRClient.path(.orderSign))),
                "iat": .number(JSONNumber(seconds)), "exp": .number(JSONNumber(seconds + 300)),
                "jti": .string(UUID().uuidString),
            ]
            return "Bearer \(Self.base64URL(header)).\(Self.base64URL(payload))."
        }
        try Self.expectRefusedJWT(response, because: "none")
    }

    static func base64URL(_ json: JSON) -> String {
        json.serializedData().base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func aProviderClientIs403() async throws {
        let server = try await CDSHooks.server()
        let request = try CDSHooks.demoRequest("order-sign-lumbar-mri")
        let response = try await server.live { client in
            try await EHRClient(client, as: "demo-clinic").call(.orderSign, request)
        }
        #expect(response.status == .forbidden)
        #expect(try response.refusal().issues.first?.code == .forbidden)
    }

    // MARK: Feedback

    static let feedbackPath = EHRClient.path(.orderSign) + "/feedback"

    @Test func feedbackIsStoredOnceHoweverOftenItIsSent() async throws {
        let server = try await CDSHooks.server(seedDemo: false)
        let card = UUID().uuidString.lowercased()
        let feedback: JSON = [
            "feedback": [[
                "card": .string(card), "outcome": "accepted", "acceptedSuggestions": [["id": "c3a64e1f-2b1a-4c77-9d59-27c5a1e0f3b2"]],
                "outcomeTimestamp": "2026-11-23T14:59:30Z",
            ]]
        ]
        let statuses = try await server.live { client in
            let ehr = try await EHRClient(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<2 { statuses.append(try await ehr.send(.post, Self.feedbackPath, body: feedback.serializedString()).status) }
            return statuses
        }
        #expect(statuses == [.ok, .ok])
        let stored = try await server.store.hookFeedback(card: card)
        #expect(stored.count == 1)
        #expect(stored.first?.acceptedSuggestions == ["c3a64e1f-2b1a-4c77-9d59-27c5a1e0f3b2"])
        #expect(stored.first?.clientID == "demo-ehr" && stored.first?.serviceID == "greenlight-order-sign")
    }

    @Test func malformedFeedbackIs422() async throws {
        let server = try await CDSHooks.server(seedDemo: false)
        let card = UUID().uuidString.lowercased()
        let feedback: JSON = ["feedback": [["card": .string(card), "outcome": "ignored"]]]
        let response = try await server.live { client in
            try await EHRClient(client).send(.post, Self.feedbackPath, body: feedback.serializedString())
        }
        #expect(response.status == .unprocessableContent)
        #expect(Set(try response.refusal().paths) == ["feedback[0].outcome", "feedback[0].outcomeTimestamp"])
        #expect(try await server.store.hookFeedback(card: card).isEmpty)
    }

    // MARK: CORS

    static let allowedOrigin = "https://ehr.example"

    static func corsServer() async throws -> TestServer {
        try await CDSHooks.server(seedDemo: false) { $0.corsAllowedOrigins = [allowedOrigin] }
    }

    /// A browser's preflight before a hook call from `origin`.
    static func preflight(_ client: any TestClientProtocol, from origin: String) async throws -> TestResponse {
        try await client.execute(
            uri: EHRClient.path(.orderSign), method: .options,
            headers: [.origin: origin, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "authorization, content-type"])
    }

    @Test func aPreflightFromAnAllowedOriginIs204WithTheCORSHeaders() async throws {
        let response = try await Self.corsServer().live { client in try await Self.preflight(client, from: Self.allowedOrigin) }
        #expect(response.status == .noContent)
        #expect(response.headers[.accessControlAllowOrigin] == Self.allowedOrigin)
        #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
        #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
    }

    @Test func aPreflightFromAnotherOriginIs403() async throws {
        let response = try await Self.corsServer().live { client in try await Self.preflight(client, from: "https://elsewhere.example") }
        #expect(response.status == .forbidden)
        #expect(response.headers[.accessControlAllowOrigin] == nil)
    }

    @Test func anAllowedOriginSeesTheCORSHeadersOnAnswersAndRefusals() async throws {
        let (answered, refused) = try await Self.corsServer().live { client in
            let ehr = try await EHRClient(client)
            return (
                try await ehr.send(.get, "/cds-services", headers: [.origin: Self.allowedOrigin]),
                try await ehr.send(.get, "/cds-services", credentials: .none, headers: [.origin: Self.allowedOrigin])
            )
        }
        #expect(answered.status == .ok)
        #expect(answered.headers[.accessControlAllowOrigin] == Self.allowedOrigin)
        // Without the header the browser would hide the OperationOutcome from the EHR's page.
        #expect(refused.status == .unauthorized)
        #expect(refused.headers[.accessControlAllowOrigin] == Self.allowedOrigin)
        #expect(try refused.refusal().issues.first?.code == .login)
    }
}
