import FHIR
import Testing
@testable import CRD

/// The gatherer against prefetch and a stub fetcher; ``HookDataGathererHTTPTests`` runs it
/// against a real FHIR server on loopback.
@Suite struct HookDataGathererTests {
    static let fullPrefetch = "ig-2.1.0/CRDServiceRequest.json"

    @Test func fullPrefetchIsUsedAsSentWithoutFetchingAnyKey() async throws {
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign)
        let fetcher = StubFetcher()
        let data = try await HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)).gather(request)

        #expect(data.orders.compactMap(\.id) == ["1357", "2468"])
        #expect(data.patient?.id == "123")
        #expect(data.coverages.compactMap(\.id) == ["COV1"])
        #expect(data.encounter?.id == "987")
        #expect(data.user == "Practitioner/ABC")
        #expect(data.resolve("http://example.org/fhir/PractitionerRole/ABC")?["practitioner"]?["reference"] == "http://example.org/someEHR/fhir/Practitioner/DEF")
        #expect(data.resources["Practitioner/DEF"] != nil)
        // Keys beyond the catalog's (the guide's `organizations`, `locations`) are data too.
        #expect(data.resources["Organization/GHI"] != nil && data.resources["Location/hospital"] != nil)
        #expect(data.resources["ServiceRequest/1357"] != nil)

        let templateKeys = PrefetchCatalog.templates(for: .orderSign).map(\.key)
        #expect(data.prefetchLog.filter { templateKeys.contains($0.key) }.map(\.key) == templateKeys)
        #expect(data.prefetchLog.filter { templateKeys.contains($0.key) }.allSatisfy { $0.source == .prefetch && $0.milliseconds == 0 })
        #expect(data.prefetchEntry("coverage")?.resourceCount == 1)
        #expect(data.prefetchEntry("coverage")?.query == "Coverage?patient=123&status=active")
        #expect(!data.coverageSentAsNull)
        // The one thing no key held is the Coverage's payor: read by reference, its failure
        // logged and not fatal.
        #expect(fetcher.queries == ["Organization/acme-payer"])
        #expect(fetcher.tokens == ["some-opaque-fhir-access-token"])
        #expect(data.prefetchEntry("Organization/acme-payer")?.source == .unavailable)
        #expect(data.prefetchEntry("Organization/acme-payer")?.problem?.contains("404") == true)
    }

    /// Reads by reference are extras: none start once the budget is spent.
    @Test func noReferenceReadsStartAfterTheBudget() async throws {
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign)
        let fetcher = StubFetcher()
        let data = try await HookDataGatherer(fetcher: fetcher, referenceBudget: .zero).gather(request)
        #expect(fetcher.queries.isEmpty)
        #expect(data.prefetchEntry("Organization/acme-payer") == nil)
        #expect(data.coverages.count == 1)
    }

    @Test func aKeySentAsNullMeansNoDataAndIsNeverFetched() async throws {
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign, prefetch: ["coverage": .some(.null)])
        let fetcher = StubFetcher()
        let data = try await HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)).gather(request)
        #expect(data.coverages.isEmpty)
        #expect(data.coverageSentAsNull)
        #expect(data.prefetchEntry("coverage") == PrefetchLogEntry(key: "coverage", source: .none, query: "Coverage?patient=123&status=active"))
        #expect(!fetcher.queries.contains { $0.hasPrefix("Coverage") })
        #expect(fetcher.queries.isEmpty)  // no Coverage, so no payor to read either
    }

    @Test func aSearchThatFoundNothingIsNotNull() async throws {
        let request = try IntakeFixtures.request(
            Self.fullPrefetch, for: .orderSign, prefetch: ["coverage": IntakeFixtures.searchset([])])
        let data = try await HookDataGatherer(fetcher: nil).gather(request)
        #expect(data.coverages.isEmpty)
        #expect(!data.coverageSentAsNull)
        #expect(data.prefetchEntry("coverage")?.source == .prefetch)
        #expect(data.prefetchEntry("coverage")?.resourceCount == 0)
    }

    @Test func anAbsentRequiredKeyWithoutFHIRServerIs412NamingTheKey() async throws {
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign, fhirServer: "", prefetch: ["coverage": nil])
        let error = await #expect(throws: HookError.self) { try await HookDataGatherer(fetcher: StubFetcher(), referenceBudget: .seconds(60)).gather(request) }
        #expect(error?.status == .preconditionFailed)
        #expect(error?.outcome.issues.map(\.expression) == [["prefetch.coverage"]])
        #expect(error?.outcome.issues.first?.diagnostics?.contains("no fhirServer") == true)
    }

    @Test func anAbsentOptionalKeyWithoutFHIRServerIsOnlyLogged() async throws {
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign, fhirServer: "", prefetch: ["encounter": nil])
        let data = try await HookDataGatherer(fetcher: StubFetcher(), referenceBudget: .seconds(60)).gather(request)
        #expect(data.encounter == nil)
        #expect(data.prefetchEntry("encounter")?.source == .unavailable)
        #expect(data.prefetchEntry("encounter")?.query == "Encounter/987")
    }

    @Test func anOperationOutcomeInPrefetchIsFetchedInstead() async throws {
        let outcome = OperationOutcome.error(.transient, "Coverage search timed out").json
        let coverage = IntakeFixtures.searchset([["resourceType": "Coverage", "id": "fetched", "status": "active"]])
        let fetcher = StubFetcher(["Coverage?patient=123&status=active": coverage])
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign, prefetch: ["coverage": outcome])
        let data = try await HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)).gather(request)
        #expect(data.coverages.compactMap(\.id) == ["fetched"])
        #expect(data.prefetchEntry("coverage")?.source == .fetched)
        #expect(data.prefetchEntry("coverage")?.problem?.contains("Coverage search timed out") == true)
    }

    @Test func anOperationOutcomeInPrefetchWithNowhereToFetchIs412() async throws {
        let outcome = OperationOutcome.error(.forbidden, "Not allowed to read Patient").json
        let request = try IntakeFixtures.request(Self.fullPrefetch, for: .orderSign, fhirServer: "", prefetch: ["patient": outcome])
        let error = await #expect(throws: HookError.self) { try await HookDataGatherer(fetcher: nil).gather(request) }
        #expect(error?.status == .preconditionFailed)
        #expect(error?.outcome.issues.map(\.expression) == [["prefetch.patient"]])
        #expect(error?.outcome.issues.first?.diagnostics?.contains("Not allowed to read Patient") == true)
    }

    @Test func orderSelectKeepsTheSelections() async throws {
        let file = "inferno-crd-test-kit/order_select_hook_request.json"
        let prefetch: [String: JSON?] = [
            "patient": ["resourceType": "Patient", "id": "example"], "coverage": .some(.null),
        ]
        let request = try IntakeFixtures.request(file, for: .orderSelect, fhirServer: "", prefetch: prefetch)
        let data = try await HookDataGatherer(fetcher: nil).gather(request)
        #expect(data.selections == ["NutritionOrder/pureeddiet-simple", "MedicationRequest/smart-MedicationRequest-103"])
        #expect(data.orders.compactMap(\.resourceType) == ["NutritionOrder", "MedicationRequest"])
        // Practitioner/example (the nutrition order's orderer) could not be read: logged.
        #expect(data.prefetchEntry("Practitioner/example")?.source == .unavailable)
        #expect(data.prefetchEntry("practitioners")?.source == .unavailable)
    }

    @Test func orderDispatchInTheInfernoShapeResolvesOrdersFromPrefetch() async throws {
        let request = try HookRequestParser().parse(json: IntakeFixtures.infernoOrderDispatch, for: .orderDispatch)
        let data = try await HookDataGatherer(fetcher: StubFetcher(), referenceBudget: .seconds(60)).gather(request)
        #expect(data.orders.compactMap(\.address?.relative) == ["ServiceRequest/example"])
        #expect(data.tasks.compactMap(\.id) == ["example3"])
        #expect(data.performer == "Practitioner/example")
        #expect(data.user == nil)
        #expect(data.resources["Practitioner/example"] != nil)
        #expect(data.coverages.count == 1)
        // Everything needed was sent: nothing to fetch, nothing missing.
        #expect(!data.prefetchLog.contains { $0.source == .unavailable || $0.source == .fetched })
        #expect(PrefetchCatalog.templates(for: .orderDispatch).allSatisfy { data.prefetchEntry($0.key)?.source == .prefetch })
    }

    @Test func appointmentBookGathersTheProposedAppointments() async throws {
        let file = "ig-2.2.1/CRDServiceRequest4.json"
        let prefetch: [String: JSON?] = [
            "patient": ["resourceType": "Patient", "id": "123"],
            "coverage": IntakeFixtures.searchset([["resourceType": "Coverage", "id": "c1", "status": "active"]]),
        ]
        let fetcher = StubFetcher(["PractitionerRole/987": ["resourceType": "PractitionerRole", "id": "987"]])
        let request = try IntakeFixtures.request(file, for: .appointmentBook, prefetch: prefetch)
        let data = try await HookDataGatherer(fetcher: fetcher, referenceBudget: .seconds(60)).gather(request)
        #expect(data.orders.compactMap(\.address?.relative) == ["Appointment/example"])
        // The Patient participant is the patient, already had; the PractitionerRole is read.
        #expect(data.resources["PractitionerRole/987"] != nil)
        #expect(fetcher.queries.sorted() == ["Encounter/987", "Practitioner?_id=ABC", "PractitionerRole/987"])
    }
}
