import Foundation
internal import GRDB

extension SQLiteCaseStore {
    @discardableResult
    public func recordHookCall(_ call: HookCall, assertions: [CoverageAssertion], claiming: TokenIDClaim?) async throws
        -> Int64
    {
        guard !call.hookInstance.isEmpty, !call.clientID.isEmpty else {
            throw CaseStoreError(.invalidRecord, "a hook call needs its hookInstance and client")
        }
        let prepared = try HookCallRecord(call)
        return try await groupedWrite { db in
            if let claiming, try !Self.insert(claiming, db) {
                throw CaseStoreError(.tokenIDAlreadyUsed, "jti \(claiming.jti) of \(claiming.issuer) has already been used")
            }
            let id = try prepared.append(db)
            for assertion in assertions {
                try CoverageAssertionRecord(assertion, hookCallID: id).append(db)
            }
            return id
        }
    }

    public func coverageAssertions(id: String) async throws -> [CoverageAssertion] {
        try await readInPlace { db in
            try CoverageAssertionRecord
                .filter(Column(CoverageAssertionRecord.CodingKeys.id) == id)
                .order(Column("rowid"))
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func coverageAssertions(memberID: String, limit: Int) async throws -> [CoverageAssertion] {
        try await read { db in
            try CoverageAssertionRecord
                .filter(Column(CoverageAssertionRecord.CodingKeys.memberID) == memberID)
                .order(Column(CoverageAssertionRecord.CodingKeys.createdAt).desc, Column("rowid").desc)
                .limit(max(limit, 0))
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func hookCalls(_ query: HookCallQuery) async throws -> [HookCall] {
        let since = query.since.map(Self.storable)
        return try await read { db in
            typealias Key = HookCallRecord.CodingKeys
            var request = HookCallRecord.all()
            if let value = query.hookInstance { request = request.filter(Column(Key.hookInstance) == value) }
            if let value = query.patientID { request = request.filter(Column(Key.patientID) == value) }
            if let value = query.clientID { request = request.filter(Column(Key.clientID) == value) }
            if let value = query.hook { request = request.filter(Column(Key.hook) == value) }
            if let since { request = request.filter(Column(Key.receivedAt) >= since) }
            return try request
                .order(Column(Key.id).desc)
                .limit(max(query.limit, 0))
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    @discardableResult
    public func recordHookFeedback(_ feedback: [HookFeedback]) async throws -> Int {
        let records = try feedback.map(HookFeedbackRecord.init)
        return try await write { db in
            var inserted = 0
            for record in records {
                // The same feedback sent twice is kept once (unique card, outcome, moment).
                try record.insert(db, onConflict: .ignore)
                inserted += db.changesCount
            }
            return inserted
        }
    }

    public func hookFeedback(card: String) async throws -> [HookFeedback] {
        try await read { db in
            try HookFeedbackRecord
                .filter(Column(HookFeedbackRecord.CodingKeys.card) == card)
                .order(Column("rowid"))
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func memberRecords(memberIdentifiers: [String], caseLimit: Int?, withRequests: Bool) async throws -> MemberRecords {
        var seen: Set<String> = []
        let identifiers = memberIdentifiers.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !identifiers.isEmpty else { return MemberRecords() }
        // LIMIT -1 is SQLite's "no limit": one statement either way.
        let limit = caseLimit.map { max(0, $0) } ?? -1
        // The history (without request Bundles) comes from memory when nothing changed it.
        let key = MemberHistoryCache.Key(identifiers: identifiers, caseLimit: limit)
        if !withRequests, let cached = history.records(for: key) { return cached }
        let ticket = history.ticket()
        // Cached statements: this runs on every hook call, and compiling the SQL each time
        // cost more than running it. Read in place: the hop to a reader queue cost more too.
        let records = try await readInPlace { db in
            var records = MemberRecords()
            let byIdentifier = try db.cachedStatement(sql: MemberHistorySQL.coverages)
            for identifier in identifiers {
                // Ordered here: a handful of rows, not worth a sorter in SQLite.
                for record in try CoverageRecord.fetchAll(byIdentifier, arguments: [identifier]).sorted(by: { $0.id < $1.id })
                where !records.coverages.contains(where: { $0.id == record.id }) {
                    records.coverages.append(record.model)
                }
            }
            let member = try db.cachedStatement(sql: MemberHistorySQL.member)
            let cases = try db.cachedStatement(sql: withRequests ? MemberHistorySQL.cases : MemberHistorySQL.casesWithoutRequests)
            let items = try db.cachedStatement(sql: MemberHistorySQL.items)
            for memberID in Set(records.coverages.map(\.memberID)) {
                guard let found = try MemberRecord.fetchOne(member, arguments: [memberID]) else { continue }
                records.members[memberID] = found.model
                let recent = try CaseRecord.fetchAll(cases, arguments: [memberID, limit])
                // The items of those cases in one statement: every item of the member's cases
                // received since the oldest one read. (A case received in that same millisecond
                // but left out by the limit has its items dropped here.)
                var itemsByCase: [String: [CaseItem]] = [:]
                if let oldest = recent.last {
                    for item in try CaseItemRecord.fetchAll(items, arguments: [memberID, oldest.receivedAt.storageText]) {
                        itemsByCase[item.caseID, default: []].append(item.model)
                    }
                }
                records.cases[memberID] = recent.map { paCase in
                    CaseDetail(paCase: paCase.model, items: (itemsByCase[paCase.id] ?? []).sorted { $0.sequence < $1.sequence })
                }
            }
            return records
        }
        if !withRequests { history.store(records, for: key, ticket: ticket) }
        return records
    }
}

/// The statements of ``SQLiteCaseStore/memberRecords(memberIdentifiers:caseLimit:withRequests:)``,
/// read on every hook call and submission. Each runs down an index, without a temporary B-tree
/// (a test runs `EXPLAIN QUERY PLAN` on them): four statements whatever the member's history.
enum MemberHistorySQL {
    static let coverages = """
        SELECT coverage.* FROM coverage
        JOIN coverage_identifier ON coverage_identifier.coverage_id = coverage.id
        WHERE coverage_identifier.value = ?
        """
    static let member = "SELECT * FROM member WHERE id = ?"
    /// A member's most recent cases, newest first (index `pa_case_by_member_newest`).
    static let cases = "SELECT * FROM pa_case WHERE member_id = ? ORDER BY received_at DESC, id DESC LIMIT ?"
    static let casesWithoutRequests =
        "SELECT \(CaseRecord.columnsWithoutRequest) FROM pa_case WHERE member_id = ? ORDER BY received_at DESC, id DESC LIMIT ?"
    /// The items of a member's cases received at or after a time. One statement for all the
    /// cases: one per case cost more than the rows.
    static let items = """
        SELECT case_item.* FROM pa_case JOIN case_item ON case_item.case_id = pa_case.id
        WHERE pa_case.member_id = ? AND pa_case.received_at >= ?
        """
}
