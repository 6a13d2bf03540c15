import Foundation
import Testing

@testable import CaseStore

/// Payers, plans, providers, members and coverages; counts and health checks.
struct DirectoryTests {
    @Test func upsertsInsertThenUpdateInPlace() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        #expect(try await t.store.isDirectoryEmpty())
        #expect(try await t.store.isEmpty())

        try await t.store.upsertPayer(Fixtures.payer)
        #expect(try await !t.store.isDirectoryEmpty())
        try await t.store.upsertPlan(Fixtures.plan)
        try await t.store.upsertProvider(Fixtures.provider)
        try await t.store.upsertMember(Fixtures.member)
        try await t.store.upsertCoverage(Fixtures.coverage)

        var renamed = Fixtures.member
        renamed.familyName = "King"
        try await t.store.upsertMember(renamed)

        #expect(try await t.store.payer(id: "payer-1") == Fixtures.payer)
        #expect(try await t.store.plan(id: "H1234-001") == Fixtures.plan)
        #expect(try await t.store.payers() == [Fixtures.payer])
        #expect(try await t.store.plans() == [Fixtures.plan])
        #expect(try await t.store.provider(npi: "1234567893") == Fixtures.provider)
        #expect(try await t.store.member(id: "M1001") == renamed)
        #expect(try await t.store.coverage(id: "cov-1") == Fixtures.coverage)
        #expect(try await t.store.coverages(memberID: "M1001") == [Fixtures.coverage])
        #expect(try await t.store.member(id: "nobody") == nil)
        #expect(try await t.store.coverages(memberID: "nobody").isEmpty)

        let counts = try await t.store.counts()
        #expect(counts["payer"] == 1 && counts["plan"] == 1 && counts["provider"] == 1)
        #expect(counts["member"] == 1 && counts["coverage"] == 1)
        #expect(counts["pa_case"] == 0 && counts["case_event"] == 0 && counts["outbox"] == 0)
        #expect(Set(counts.keys) == Set(SQLiteCaseStore.tables))
    }

    @Test func recordsMustPointAtRowsThatExist() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        await expectError(.unknownReference) { try await t.store.upsertMember(Fixtures.member) }
        try await t.store.upsertPayer(Fixtures.payer)
        try await t.store.upsertMember(Fixtures.member)
        await expectError(.unknownReference) { try await t.store.upsertCoverage(Fixtures.coverage) }  // no plan yet
        await expectError(.invalidRecord) { try await t.store.upsertPayer(Payer(id: "", name: "Nameless")) }
        #expect(try await t.store.counts()["coverage"] == 0)
    }

    @Test func pingAnswersAndFailsOnceClosed() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        try await t.store.ping()
        try t.store.close()
        await expectError(.storageFailure) { try await t.store.ping() }
    }

    @Test func theDefaultPathIsTheDocumentedOne() {
        #expect(SQLiteCaseStore.defaultPath == "./data/greenlight.sqlite")
    }
}
