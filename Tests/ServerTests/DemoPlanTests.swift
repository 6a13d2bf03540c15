import CaseStore
import FHIR
import Foundation
import Server
import Testing

/// The demo plan in `Fixtures/demo` maps onto the case store's directory the way later work
/// (member match, coverage checks, payer-to-payer) expects.
@Suite("Demo plan")
struct DemoPlanTests {
    static let folder = Paths.fixtures.appendingPathComponent("demo")

    @Test func theDemoPlanHasWhatTheIssueAsksFor() throws {
        let plan = try DemoPlan.load(from: Self.folder)
        #expect(plan.payers.count >= 2)
        #expect(plan.plans.count >= 2)
        #expect(plan.patients.count >= 20)
        #expect(plan.coverages.count >= plan.patients.count)
        #expect(plan.practitioners.count >= 2)
    }

    @Test func seedingFillsTheDirectory() async throws {
        let store = try SQLiteCaseStore.inMemory()
        let summary = try await DemoPlan.load(from: Self.folder).seed(into: store)
        #expect(summary.members == 24)
        #expect(summary.payers == 2)

        let unitedCare = try #require(try await store.payer(id: "unitedcare"))
        #expect(unitedCare.name == "UnitedCare Health")
        #expect(unitedCare.identifierValue == "UCH01")  // the payer id, not its NPI

        let plans = try await store.plans()
        #expect(Set(plans.map(\.lineOfBusiness)) == [.medicareAdvantage, .medicaid, .exchange, .chip])
        #expect(plans.contains { $0.id == "H1234-001" && $0.payerID == "unitedcare" })

        // Member 001 moved from KindCover to UnitedCare: its current payer is UnitedCare, and
        // both coverages are kept for payer-to-payer exchange.
        let member = try #require(try await store.member(id: "member-001"))
        #expect(member.payerID == "unitedcare")
        #expect(member.familyName == "Alvarez")
        let coverages = try await store.coverages(memberID: "member-001")
        #expect(Set(coverages.map(\.payerID)) == ["unitedcare", "kindcover"])
        let current = try #require(coverages.first { $0.id == "cov-001" })
        #expect(current.planID == "H1234-001")
        #expect(current.periodStart == "2026-01-01")
        // The resource is kept whole.
        let resource = try JSON.parse(Data(current.coverageJSON.utf8))
        #expect(resource["resourceType"]?.string == "Coverage")
        #expect(resource["payor"]?[0]?["reference"]?.string == "Organization/unitedcare")

        let surgeon = try #require(try await store.provider(npi: "1200000010"))
        #expect(surgeon.kind == .practitioner)
        #expect(surgeon.name == "Dr. Aisha Okafor")
        #expect(surgeon.taxonomy == "207X00000X")

        // The demo clients come with the plan, with their public keys only.
        #expect(summary.clients == 4)
        let clinic = try #require(try await store.client(id: "demo-clinic"))
        #expect(clinic.kind == .provider)
        #expect(clinic.organizationIdentifiers.map(\.value) == ["1500000017"])
        #expect(clinic.allowedScopes.contains("system/Claim.cru"))
        #expect(clinic.jwks?.contains("\"d\"") == false)
    }

    @Test func aPlanWithoutLineOfBusinessIsRefusedWithTheReason() async throws {
        // A copy of the demo plan whose first InsurancePlan lost its type.
        let fixtures = FileManager.default.temporaryDirectory.appendingPathComponent("fixtures-\(UUID().uuidString)")
        let copy = fixtures.appendingPathComponent("demo")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.folder, to: copy)
        try FileManager.default.copyItem(
            at: Paths.fixtures.appendingPathComponent("keys"), to: fixtures.appendingPathComponent("keys"))
        defer { try? FileManager.default.removeItem(at: fixtures) }
        let plansFile = copy.appendingPathComponent("insurance-plans.json")
        var bundle = try JSON.parse(data: Data(contentsOf: plansFile))
        var entries = try #require(bundle["entry"]?.array)
        var first = try #require(entries[0].object)
        var resource = try #require(first["resource"]?.object)
        resource["type"] = nil
        first["resource"] = .object(resource)
        entries[0] = .object(first)
        bundle["entry"] = .array(entries)
        try bundle.serializedData().write(to: plansFile)

        let store = try SQLiteCaseStore.inMemory()
        await #expect {
            try await DemoPlan.load(from: copy).seed(into: store)
        } throws: { error in
            "\(error)".contains("InsurancePlan.type needs a http://greenlight.example/CodeSystem/line-of-business code")
        }
    }
}
