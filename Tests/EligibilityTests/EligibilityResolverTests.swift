import CaseStore
import FHIR
import Foundation
import Testing

@testable import Eligibility

/// Matching a client's Coverage to our payer and member, on a real store: the answers CRD and
/// PAS both build on.
@Suite struct EligibilityResolverTests {
    static let payer = Payer(id: "payer-1", name: "Greenlight Health", identifierSystem: "urn:payer-id", identifierValue: "GLH01")
    static let member = Member(id: "M1001", payerID: "payer-1", birthDate: "1961-04-12", patientJSON: "{}")
    static let coverage = MemberCoverage(
        id: "cov-1", memberID: "M1001", payerID: "payer-1", subscriberID: "SUB-1", status: "active",
        periodStart: "2026-01-01", periodEnd: "2026-12-31", coverageJSON: "{}")

    /// A store with one payer, one member and their coverage, on a temporary file.
    static func store() async throws -> (SQLiteCaseStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eligibility-\(UUID().uuidString)")
        let store = try SQLiteCaseStore(path: folder.appendingPathComponent("store.sqlite").path)
        try await store.upsertPayer(payer)
        try await store.upsertMember(member)
        try await store.upsertCoverage(coverage)
        return (store, folder)
    }

    /// An EHR's Coverage naming `payer` and `subscriber`.
    static func clientCoverage(payer: String? = "GLH01", subscriber: String = "SUB-1", status: String = "active") -> ClientCoverage {
        var resource: JSON = ["resourceType": "Coverage", "id": "c1", "status": .string(status), "subscriberId": .string(subscriber)]
        if let payer { resource["payor"] = [["identifier": ["system": "urn:payer-id", "value": .string(payer)]]] }
        return ClientCoverage(resource, resolve: { _, _ in nil })
    }

    @Test func aMemberInForceIsFoundWithTheirHistory() async throws {
        let (store, folder) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .member(let context) = try await EligibilityResolver(store: store).resolve([Self.clientCoverage()], today: "2026-11-23")
        else { Issue.record("expected a member"); return }
        #expect(context.member.id == "M1001")
        #expect(context.payer == Self.payer)
        #expect(context.coverage.id == "cov-1")
        #expect(context.history.entries.isEmpty)
    }

    @Test func ineligiblePatientsSayWhy() async throws {
        let (store, folder) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let resolver = EligibilityResolver(store: store)
        guard case .ineligible(.memberNotFound, _, let payer) = try await resolver.resolve([Self.clientCoverage(subscriber: "nobody")], today: "2026-11-23")
        else { Issue.record("expected member not found"); return }
        #expect(payer?.id == "payer-1")
        guard case .ineligible(.noActiveCoverage, _, _) = try await resolver.resolve([Self.clientCoverage()], today: "2027-02-01") else {
            Issue.record("expected our coverage to have lapsed"); return
        }
        guard case .ineligible(.noActiveCoverage, _, _) = try await resolver.resolve([Self.clientCoverage(status: "cancelled")], today: "2026-11-23")
        else { Issue.record("expected no active coverage"); return }
    }

    @Test func coverageProblemsAreTheClients() async throws {
        let (store, folder) = try await Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let resolver = EligibilityResolver(store: store)
        await #expect(throws: CoverageProblem.payerNotServed(["urn:payer-id|OTHER"])) {
            try await resolver.resolve([Self.clientCoverage(payer: "OTHER")], today: "2026-11-23")
        }
        await #expect(throws: CoverageProblem.noPayerIdentifier("Coverage/c1")) {
            try await resolver.resolve([Self.clientCoverage(payer: nil)], today: "2026-11-23")
        }
        await #expect(throws: CoverageProblem.severalActiveCoverages(["Coverage/c1", "Coverage/c1"])) {
            try await resolver.resolve([Self.clientCoverage(), Self.clientCoverage()], today: "2026-11-23")
        }
    }
}
