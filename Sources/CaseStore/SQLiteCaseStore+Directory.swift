import Foundation
internal import GRDB

extension SQLiteCaseStore {
    // MARK: Upserts (matched by id; a second seed updates rows in place)

    public func upsertPayer(_ payer: Payer) async throws {
        try Self.requireID(payer.id, "payer")
        try await write { db in try PayerRecord(payer).save(db) }
        directory.payers.invalidate()
    }

    public func upsertPlan(_ plan: HealthPlan) async throws {
        try Self.requireID(plan.id, "plan")
        try await write { db in try PlanRecord(plan).save(db) }
        directory.plans.invalidate()
    }

    public func upsertProvider(_ provider: Provider) async throws {
        try Self.requireID(provider.npi, "provider NPI")
        try await write { db in try ProviderRecord(provider).save(db) }
    }

    public func upsertMember(_ member: Member) async throws {
        try Self.requireID(member.id, "member")
        try await write { db in try MemberRecord(member).save(db) }
    }

    public func upsertCoverage(_ coverage: MemberCoverage) async throws {
        try Self.requireID(coverage.id, "coverage")
        try await write { db in try CoverageRecord(coverage).save(db) }
    }

    private static func requireID(_ id: String, _ what: String) throws(CaseStoreError) {
        guard !id.isBlank else {
            throw CaseStoreError(.invalidRecord, "a \(what) needs an id")
        }
    }

    // MARK: Lookups

    public func payer(id: String) async throws -> Payer? {
        try await readInPlace { db in try PayerRecord.fetchOne(db, key: id)?.model }
    }

    /// From memory (see ``DirectoryCache``).
    public func plan(id: String) async throws -> HealthPlan? {
        try await plansByID()[id]
    }

    public func provider(npi: String) async throws -> Provider? {
        try await readInPlace { db in try ProviderRecord.fetchOne(db, key: npi)?.model }
    }

    public func member(id: String) async throws -> Member? {
        try await readInPlace { db in try MemberRecord.fetchOne(db, key: id)?.model }
    }

    public func coverage(id: String) async throws -> MemberCoverage? {
        try await readInPlace { db in try CoverageRecord.fetchOne(db, key: id)?.model }
    }

    public func coverages(memberID: String) async throws -> [MemberCoverage] {
        try await readInPlace { db in
            try CoverageRecord
                .filter(Column(CoverageRecord.CodingKeys.memberID) == memberID)
                .order(Column(CoverageRecord.CodingKeys.id))
                .fetchAll(db)
                .map(\.model)
        }
    }

    /// From memory (see ``DirectoryCache``): every hook call reads them.
    public func payers() async throws -> [Payer] {
        try await directory.payers.value {
            try await read { db in try PayerRecord.order(Column("id")).fetchAll(db).map(\.model) }
        }
    }

    public func plans() async throws -> [HealthPlan] {
        try await plansByID().values.sorted { $0.id < $1.id }
    }

    private func plansByID() async throws -> [String: HealthPlan] {
        try await directory.plans.value {
            try await read { db in
                Dictionary(uniqueKeysWithValues: try PlanRecord.fetchAll(db).map { ($0.id, $0.model) })
            }
        }
    }
}
