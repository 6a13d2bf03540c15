import FHIR
import NIOCore
import Testing
@testable import CRD

/// The gatherer with ``HTTPFHIRResourceFetcher`` against a FHIR server on loopback: what
/// prefetch leaves out comes over real HTTP, with the hook's bearer token, in parallel.
@Suite struct HookDataGathererHTTPTests {
    /// What an EHR would hold for the no-prefetch examples (ig-2.2.1 order-sign without
    /// prefetch, Inferno's encounter-start).
    static let ehrRoutes: [String: LoopbackFHIRServer.Route] = [
        "Patient/123": .init(["resourceType": "Patient", "id": "123"]),
        "Coverage?patient=123&status=active": .init(
            IntakeFixtures.searchset([
                [
                    "resourceType": "Coverage", "id": "COV1", "status": "active",
                    "payor": [["reference": "Organization/acme-payer"]],
                ]
            ])),
        "Encounter/987": .init(["resourceType": "Encounter", "id": "987", "status": "in-progress"]),
        "Practitioner?_id=ABC": .init(IntakeFixtures.searchset([["resourceType": "Practitioner", "id": "ABC"]])),
        "PractitionerRole/ABC": .init([
            "resourceType": "PractitionerRole", "id": "ABC", "practitioner": ["reference": "Practitioner/DEF"],
            "organization": ["reference": "Organization/GHI"],
        ]),
        "Practitioner/DEF": .init(["resourceType": "Practitioner", "id": "DEF"]),
        "Organization/GHI": .init(["resourceType": "Organization", "id": "GHI"]),
        "Organization/acme-payer": .init(["resourceType": "Organization", "id": "acme-payer"]),
        "Patient/example": .init(["resourceType": "Patient", "id": "example"]),
        "Coverage?patient=example&status=active": .init(
            IntakeFixtures.searchset([["resourceType": "Coverage", "id": "cov-example", "status": "active"]])),
        "Encounter/example": .init(["resourceType": "Encounter", "id": "example", "status": "arrived"]),
        "Practitioner?_id=example": .init(IntakeFixtures.searchset([["resourceType": "Practitioner", "id": "example"]])),
    ]

    /// Runs `body` with a loopback server for `routes` and a gatherer reading from it.
    func withEHR(
        _ routes: [String: LoopbackFHIRServer.Route], delay: TimeAmount = .zero,
        configuration: HTTPFHIRResourceFetcher.Configuration = .init(),
        _ body: (LoopbackFHIRServer, HookDataGatherer) async throws -> Void
    ) async throws {
        let server = try await LoopbackFHIRServer.start(routes: routes, delay: delay)
        do {
            try await HTTPFHIRResourceFetcher.withFetcher(configuration: configuration) { fetcher in
                try await body(server, HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)))
            }
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func orderSignWithoutPrefetchIsFilledFromTheEHR() async throws {
        // Each answer waits 600 ms, so fetches started together overlap even when a loaded
        // machine (CI, parallel builds) opens their connections slowly.
        try await withEHR(Self.ehrRoutes, delay: .milliseconds(600)) { server, gatherer in
            let request = try IntakeFixtures.request("ig-2.2.1/CRDServiceRequest3.json", for: .orderSign, fhirServer: server.base)
            #expect(request.prefetch.isEmpty)
            let data = try await gatherer.gather(request)

            #expect(data.patient?.id == "123")
            #expect(data.coverages.compactMap(\.id) == ["COV1"])
            #expect(data.encounter?.id == "987")
            #expect(data.orders.compactMap(\.address?.relative) == ["CommunicationRequest/example"])
            #expect(data.resources["Practitioner/ABC"] != nil)
            // The requester (absolute on another base) is read from fhirServer, and in the next
            // round its Practitioner and Organization; the payor too.
            for address in ["PractitionerRole/ABC", "Practitioner/DEF", "Organization/GHI", "Organization/acme-payer"] {
                #expect(data.resources[address] != nil, "\(address)")
                #expect(data.prefetchEntry(address)?.source == .fetched, "\(address)")
            }
            #expect(data.prefetchEntry("practitionerRoles")?.source == .notApplicable)
            // Template keys first, in the catalog's order, then the reads by reference.
            let keys = PrefetchCatalog.templates(for: .orderSign).map(\.key)
            #expect(Array(data.prefetchLog.map(\.key).prefix(keys.count)) == keys)
            for key in ["patient", "coverage", "encounter", "practitioners"] {
                let entry = try #require(data.prefetchEntry(key))
                #expect(entry.source == .fetched && entry.resourceCount == 1 && entry.milliseconds >= 100, "\(entry)")
            }

            #expect(
                server.targets.sorted() == [
                    "Coverage?patient=123&status=active", "Encounter/987", "Organization/GHI", "Organization/acme-payer",
                    "Patient/123", "Practitioner/DEF", "Practitioner?_id=ABC", "PractitionerRole/ABC",
                ])
            #expect(server.requests.allSatisfy { $0.authorization == "Bearer some-opaque-fhir-access-token" })
            #expect(server.requests.allSatisfy { $0.accept == "application/fhir+json" })
            // The four template fetches were in flight together, not one after another.
            #expect(server.maximumInFlight >= 4)
        }
    }

    @Test func encounterStartWithoutPrefetchIsFilledFromTheEHR() async throws {
        try await withEHR(Self.ehrRoutes) { server, gatherer in
            let request = try IntakeFixtures.request(
                "inferno-crd-test-kit/encounter_start_hook_request.json", for: .encounterStart, fhirServer: server.base)
            let data = try await gatherer.gather(request)
            #expect(data.patient?.id == "example")
            #expect(data.coverages.compactMap(\.id) == ["cov-example"])
            #expect(data.encounter?.id == "example")
            #expect(data.orders.isEmpty)
            #expect(data.user == "Practitioner/example")
            #expect(data.resources["Practitioner/example"] != nil)
            #expect(
                Set(server.targets) == [
                    "Patient/example", "Coverage?patient=example&status=active", "Encounter/example", "Practitioner?_id=example",
                ])
            #expect(server.requests.allSatisfy { $0.authorization == "Bearer SAMPLE_TOKEN" })
        }
    }

    @Test(arguments: [
        ("not found", LoopbackFHIRServer.Route(status: .notFound, body: #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"No such search"}]}"#), "HTTP 404"),
        ("server error", LoopbackFHIRServer.Route(status: .internalServerError, body: "oops", contentType: "text/plain"), "HTTP 500"),
        ("not JSON", LoopbackFHIRServer.Route(body: "<html/>", contentType: "text/html"), "not FHIR JSON"),
        ("an OperationOutcome", LoopbackFHIRServer.Route(OperationOutcome.error(.tooCostly, "Search too broad").json), "Search too broad"),
        ("too slow", LoopbackFHIRServer.Route(IntakeFixtures.searchset([]), delay: .seconds(3)), "within 0.5 s"),
    ])
    func aFailedCoverageFetchIs412(name: String, route: LoopbackFHIRServer.Route, reason: String) async throws {
        var routes = Self.ehrRoutes
        routes["Coverage?patient=example&status=active"] = route
        try await withEHR(routes, configuration: .init(totalTimeout: .milliseconds(500))) { server, gatherer in
            let request = try IntakeFixtures.request(
                "inferno-crd-test-kit/encounter_start_hook_request.json", for: .encounterStart, fhirServer: server.base)
            let error = await #expect(throws: HookError.self) { try await gatherer.gather(request) }
            #expect(error?.status == .preconditionFailed)
            #expect(error?.outcome.issues.map(\.expression) == [["prefetch.coverage"]])
            let diagnostics = error?.outcome.issues.first?.diagnostics ?? ""
            #expect(diagnostics.contains(reason), "\(diagnostics)")
        }
    }

    @Test func anUnreachableFHIRServerIs412ForPatientAndCoverage() async throws {
        // Bind and close a server to get a port nothing listens on.
        let closed = try await LoopbackFHIRServer.start(routes: [:])
        let base = closed.base
        try await closed.stop()
        try await HTTPFHIRResourceFetcher.withFetcher { fetcher in
            let request = try IntakeFixtures.request(
                "inferno-crd-test-kit/encounter_start_hook_request.json", for: .encounterStart, fhirServer: base)
            let error = await #expect(throws: HookError.self) { try await HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)).gather(request) }
            #expect(error?.outcome.issues.map(\.expression) == [["prefetch.patient"], ["prefetch.coverage"]])
            #expect(error?.outcome.issues.allSatisfy { $0.diagnostics?.contains("GET \(base)/") == true } == true)
        }
    }

    @Test func orderDispatchReadsTheDispatchedOrdersItWasNotSent() async throws {
        var routes: [String: LoopbackFHIRServer.Route] = [:]
        for id in ["1111", "2222"] {
            routes["MedicationRequest/\(id)"] = .init([
                "resourceType": "MedicationRequest", "id": .string(id), "status": "active", "intent": "order",
                "medicationReference": ["reference": "Medication/MED1"], "requester": ["reference": "PractitionerRole/ABC"],
            ])
        }
        routes["Organization/pharm1"] = .init(["resourceType": "Organization", "id": "pharm1"])
        try await withEHR(routes, delay: .milliseconds(600)) { server, gatherer in
            let request = try IntakeFixtures.request("ig-2.2.1/CRDServiceRequest2.json", for: .orderDispatch, fhirServer: server.base)
            let data = try await gatherer.gather(request)
            #expect(data.orders.compactMap(\.address?.relative) == ["MedicationRequest/1111", "MedicationRequest/2222"])
            #expect(data.tasks.compactMap(\.id) == ["A"])
            #expect(data.performer == "Organization/pharm1")
            #expect(data.resources["Organization/pharm1"] != nil)
            #expect(data.prefetchEntry("MedicationRequest/1111")?.source == .fetched)
            // The medication, requester and its Practitioner/Organization came in prefetch; the
            // payor is not on this server (logged, not fatal).
            #expect(data.prefetchEntry("Organization/acme-payer")?.source == .unavailable)
            #expect(Set(server.targets) == ["MedicationRequest/1111", "MedicationRequest/2222", "Organization/pharm1", "Organization/acme-payer"])
            #expect(server.maximumInFlight >= 2)
        }
    }
}
