import Auth
import CaseStore
import CRD
import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Rules
import Server
import Testing

/// What the CDS Hooks tests share: a server with the real rules on a fixed clock, an EHR that
/// signs every call the way CDS Hooks 2.0 asks, the request fixtures, and the checks every
/// answer must pass.
enum CDSHooks {
    /// The plan's clock: inside the demo plan's 2026 coverage year (the demo requests' orders
    /// are authored on this day), so the answers do not change when the calendar does.
    static let now = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

    /// The shipped policies, loaded once: every test decides with the rules production runs.
    private static let rules = Result {
        try RuleEngine(directory: Paths.repository.appendingPathComponent("Rules"), logger: Logger(label: "cds-hooks-tests"))
    }

    /// A server with CRD (it exists only with rules) over the demo plan, on the fixed clock.
    static func server(seedDemo: Bool = true, configure: (inout GreenlightConfiguration) -> Void = { _ in }) async throws
        -> TestServer
    {
        try await TestServer(seedDemo: seedDemo, timeSource: ManualTimeSource(now), rules: rules.get(), configure: configure)
    }

    static let demoHooks = Paths.fixtures.appendingPathComponent("demo/hooks")
    static let igExamples = Paths.fixtures.appendingPathComponent("ig-examples/crd")

    /// A demo EHR request (`Fixtures/demo/hooks/{name}.json`).
    static func demoRequest(_ name: String) throws -> JSON {
        try JSON.parse(data: Data(contentsOf: demoHooks.appendingPathComponent("\(name).json")))
    }

    /// An official example request (`Fixtures/ig-examples/crd/{file}`).
    static func example(_ file: String) throws -> JSON {
        try JSON.parse(data: Data(contentsOf: igExamples.appendingPathComponent(file)))
    }

    /// A searchset Bundle of `resources`, as an EHR answers a prefetch search.
    static func searchset(_ resources: [JSON]) -> JSON {
        [
            "resourceType": "Bundle", "type": "searchset", "total": .number(JSONNumber(resources.count)),
            "entry": .array(resources.map { ["resource": $0] }),
        ]
    }

    /// The resources of a prefetch value: itself, or a Bundle's entries.
    static func resources(in prefetch: JSON) -> [JSON] {
        prefetch.resourceType == "Bundle" ? (prefetch["entry"]?.array ?? []).compactMap { $0["resource"] } : [prefetch]
    }
}

/// The demo EHR (or any registered client) calling the CDS services: each call carries a fresh
/// JWT whose `aud` is the URL called, signed at the server's time.
struct EHRClient: Sendable {
    let client: any TestClientProtocol
    let signer: ClientJWTSigner
    let now: Date

    init(_ client: any TestClientProtocol, as clientID: String = "demo-ehr", now: Date = CDSHooks.now) async throws {
        self.client = client
        self.signer = try await TestServer.signer(clientID)
        self.now = now
    }

    /// The URL a JWT for `path` must name.
    static func audience(_ path: String) -> String { TestServer.baseURL + path }

    /// `Bearer <JWT>` for a call to `path`.
    func authorization(_ path: String) async throws -> String {
        "Bearer " + (try await signer.cdsHooksJWT(audience: Self.audience(path), now: now))
    }

    /// The hook's service endpoint.
    static func path(_ hook: HookName) -> String { "/cds-services/\(hook.serviceID)" }

    /// What a request carries in `Authorization`.
    enum Credentials: Sendable {
        /// A fresh JWT for the path called.
        case signed
        /// This header value, as given.
        case header(String)
        /// No `Authorization` header.
        case none
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, credentials: Credentials = .signed,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        switch credentials {
        case .signed: headers[.authorization] = try await authorization(path)
        case .header(let value): headers[.authorization] = value
        case .none: break
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map(ByteBuffer.init(string:)))
    }

    /// `POST /cds-services/{id}` with a request body.
    func call(_ hook: HookName, _ request: JSON) async throws -> TestResponse {
        try await send(.post, Self.path(hook), body: request.serializedString())
    }
}

extension TestResponse {
    /// A 200 hook answer, checked as every answer must be: JSON, and nothing
    /// ``HookResponseConformance`` objects to for `hook`.
    func hookAnswer(_ hook: HookName, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        #expect(status == .ok, "\(String(buffer: body))", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        let answer = try json()
        for problem in HookResponseConformance.problems(in: answer, hook: hook) {
            Issue.record("\(hook.rawValue) answer: \(problem)", sourceLocation: sourceLocation)
        }
        return answer
    }

    /// A refusal's one OperationOutcome. CDS Hooks answers are JSON (the service's own
    /// refusals are `application/json`, the authentication layer's `application/fhir+json`).
    func refusal(sourceLocation: SourceLocation = #_sourceLocation) throws -> OperationOutcome {
        #expect(headers[.contentType]?.contains("json") == true, sourceLocation: sourceLocation)
        let body = try json()
        #expect(body["resourceType"]?.string == "OperationOutcome", "\(body)", sourceLocation: sourceLocation)
        return try OperationOutcome(json: body)
    }
}

extension OperationOutcome {
    /// Every issue's expressions, flattened: the paths the refusal names.
    var paths: [String] { issues.flatMap(\.expression) }
}

extension JSON {
    /// A hook answer's coverage-information extensions, one per system action (ours is the last
    /// on each order).
    var coverageInformation: [JSON] {
        (self["systemActions"]?.array ?? []).compactMap { $0["resource"]?.extensions(url: CoverageInformation.url).last }
    }

    /// `Type/id` of each system action's resource.
    var actionTargets: [String] {
        (self["systemActions"]?.array ?? []).compactMap { $0["resource"]?.address?.relative }
    }
}

/// Acme Health Plan, the payer the official CRD examples name, and the EHR behind them.
///
/// The examples prefetch much of what they reference but not all: ig-2.2.1's third request,
/// its appointment and Inferno's requests prefetch nothing, the order-dispatch request names
/// its orders only by reference, and every Coverage names its payer by an Organization
/// reference without an identifier. So the EHR serves ig-2.1.0's prefetch (Patient/123 and
/// the rest), the Coverage searches, and `Organization/acme-payer` with the identifier Acme is
/// registered under — which is how the service recognises its payer.
enum AcmeExamples {
    static let payer = Payer(
        id: "acme", name: "Acme Health Plan", identifierSystem: "http://example.org/payer-id", identifierValue: "ACME")
    /// The examples' Coverage `subscriberId`: how the service finds Acme's member.
    static let subscriberID = "888009335"
    static let memberID = "acme-member-1"
    static let homeOxygenQuestionnaire = "http://greenlight.example/fhir/Questionnaire/home-oxygen"

    /// Everything ig-2.1.0's order-sign request prefetched: the EHR's records for Patient/123.
    static func prefetched() throws -> [JSON] {
        let prefetch = try CDSHooks.example("ig-2.1.0/CRDServiceRequest.json")["prefetch"]?.object ?? [:]
        return prefetch.values.filter { !$0.isNull }.flatMap(CDSHooks.resources(in:))
    }

    /// The examples' Coverage (COV1, Acme, subscriber 888009335).
    static func coverage() throws -> JSON {
        try #require(try prefetched().first { $0.resourceType == "Coverage" })
    }

    /// What the EHR serves at `Type/id`: ig-2.1.0's prefetch, the payer's Organization, Inferno's
    /// patient, and order-dispatch's orders and performer.
    static func resources() throws -> [JSON] {
        try prefetched() + [
            .resource(type: "Organization", id: "acme-payer", [
                "identifier": [["system": .string(payer.identifierSystem!), "value": .string(payer.identifierValue!)]],
                "name": .string(payer.name),
            ]),
            .resource(type: "Patient", id: "example", ["name": [["family": "Example"]], "gender": "female"]),
            .resource(type: "Encounter", id: "example", ["status": "arrived"]),
            dispatchedOrder("1111", medication: "MED1"), dispatchedOrder("2222", medication: "MED2"),
            .resource(type: "Organization", id: "pharm1", ["name": "Example Pharmacy"]),
            // The appointment's practitioner participant.
            .resource(type: "PractitionerRole", id: "987", [
                "practitioner": ["reference": "Practitioner/DEF"], "organization": ["reference": "Organization/GHI"],
            ]),
        ]
    }

    /// The EHR's FHIR server: ``resources()`` and the searches the service runs for these examples.
    static func ehr() throws -> EHRFHIRServer {
        let coverage = try coverage()
        // Inferno's requests are about Patient/example: the same Acme coverage, their patient's.
        var inferno = coverage
        inferno["id"] = "COV2"
        inferno["beneficiary"] = ["reference": "Patient/example"]
        return EHRFHIRServer(
            resources: try resources(),
            searches: [
                "Coverage?patient=123&status=active": [coverage],
                "Coverage?patient=example&status=active": [inferno],
                "Practitioner?_id=ABC": [.resource(type: "Practitioner", id: "ABC", ["name": [["family": "Jones"]]])],
                "Practitioner?_id=example": [.resource(type: "Practitioner", id: "example", ["name": [["family": "Careful"]]])],
            ])
    }

    /// order-dispatch's dispatched orders, for the medications its prefetch carries.
    private static func dispatchedOrder(_ id: String, medication: String) -> JSON {
        .resource(type: "MedicationRequest", id: id, [
            "status": "active", "intent": "order", "medicationReference": ["reference": .string("Medication/\(medication)")],
            "subject": ["reference": "Patient/123"], "requester": ["reference": "PractitionerRole/ABC"],
        ])
    }

    /// Acme, a commercial plan, and the member behind COV1, covered since 2020 with no end.
    static func seed(into store: SQLiteCaseStore) async throws {
        let coverage = try coverage()
        let patient = try #require(try prefetched().first { $0.resourceType == "Patient" })
        try await store.upsertPayer(payer)
        try await store.upsertPlan(HealthPlan(id: "acme-gold", payerID: payer.id, name: "Acme Gold Plan", lineOfBusiness: .commercial))
        try await store.upsertMember(Member(
            id: memberID, payerID: payer.id, givenName: "Amy", familyName: "Baxter", birthDate: patient["birthDate"]?.string,
            gender: patient["gender"]?.string, patientJSON: patient.serializedString()))
        try await store.upsertCoverage(MemberCoverage(
            id: "acme-coverage-1", memberID: memberID, payerID: payer.id, planID: "acme-gold", subscriberID: subscriberID,
            relationship: "self", periodStart: "2020-01-01", coverageJSON: coverage.serializedString()))
    }
}
