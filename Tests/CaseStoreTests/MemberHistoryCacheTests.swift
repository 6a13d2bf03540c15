import Foundation
import GRDB
import Testing

@testable import CaseStore

/// The members' history in memory (``MemberHistoryCache``): what it keeps, when it lets go, and
/// how opened cases join an entry.
struct MemberHistoryCacheTests {
    static let key = MemberHistoryCache.Key(identifiers: ["SUB-1"], caseLimit: 2)

    static func detail(_ id: String, member: String = "M1001", at seconds: TimeInterval) -> CaseDetail {
        let received = Dates.mondayMorning.addingTimeInterval(seconds)
        return CaseDetail(
            paCase: PACase(
                id: id, submitter: "org-clinic-1", requestIdentifier: RequestIdentifier(system: "", value: id),
                memberID: member, urgency: .standard, receivedAt: received, dueAt: received.addingTimeInterval(7 * Dates.day),
                requestJSON: ""),
            items: [CaseItem(caseID: id, sequence: 1, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "72148"))])
    }

    static func records(_ cases: [CaseDetail], member: String = "M1001") -> MemberRecords {
        var coverage = Fixtures.coverage
        coverage.memberID = member
        var person = Fixtures.member
        person.id = member
        return MemberRecords(coverages: [coverage], members: [member: person], cases: [member: cases])
    }

    @Test func anEntryLastsUntilItsMemberChanges() {
        let cache = MemberHistoryCache(freshness: .seconds(60))
        let records = Self.records([Self.detail("GL-1", at: 0)])
        cache.store(records, for: Self.key, ticket: cache.ticket())
        #expect(cache.records(for: Self.key) == records)

        cache.apply(.init(members: ["M-other"]))
        #expect(cache.records(for: Self.key) == records)
        cache.apply(.init(members: ["M1001"]))
        #expect(cache.records(for: Self.key) == nil)
    }

    /// A read that began before a change may have seen the database before it: not kept.
    @Test func aReadOvertakenByAChangeIsNotKept() {
        let cache = MemberHistoryCache(freshness: .seconds(60))
        let ticket = cache.ticket()
        cache.apply(.init(members: ["M1001"]))
        cache.store(Self.records([]), for: Self.key, ticket: ticket)
        #expect(cache.records(for: Self.key) == nil)

        // Another member's change does not matter to it.
        let second = cache.ticket()
        cache.apply(.init(members: ["M-other"]))
        cache.store(Self.records([]), for: Self.key, ticket: second)
        #expect(cache.records(for: Self.key) == Self.records([]))
    }

    @Test func aDirectoryChangeDropsEveryEntry() {
        let cache = MemberHistoryCache(freshness: .seconds(60))
        cache.store(Self.records([]), for: Self.key, ticket: cache.ticket())
        let nobody = MemberHistoryCache.Key(identifiers: ["nobody"], caseLimit: 2)
        cache.store(MemberRecords(), for: nobody, ticket: cache.ticket())
        #expect(cache.records(for: nobody) == MemberRecords())
        cache.apply(.init(everything: true))
        #expect(cache.records(for: Self.key) == nil)
        #expect(cache.records(for: nobody) == nil)
    }

    /// Another process's writes are not reported: an entry is read again once this old.
    @Test func entriesExpire() {
        let cache = MemberHistoryCache(freshness: .seconds(5))
        let start = ContinuousClock.now
        cache.store(Self.records([]), for: Self.key, ticket: cache.ticket(), now: start)
        #expect(cache.records(for: Self.key, now: start + .seconds(4)) != nil)
        #expect(cache.records(for: Self.key, now: start + .seconds(5)) == nil)

        let off = MemberHistoryCache(freshness: .zero)
        off.store(Self.records([]), for: Self.key, ticket: off.ticket())
        #expect(off.records(for: Self.key) == nil)
    }

    /// A case opened here joins its member's entry in the read's order (newest first), and the
    /// entry's limit still holds.
    @Test func openedCasesJoinTheirMembersEntry() {
        let cache = MemberHistoryCache(freshness: .seconds(60))
        let older = Self.detail("GL-1", at: 0), newer = Self.detail("GL-2", at: 60)
        cache.store(Self.records([newer, older]), for: Self.key, ticket: cache.ticket())
        let unlimited = MemberHistoryCache.Key(identifiers: ["SUB-1"], caseLimit: -1)
        cache.store(Self.records([newer, older]), for: unlimited, ticket: cache.ticket())

        let newest = Self.detail("GL-3", at: 120)
        cache.apply(.init(opened: ["M1001": [newest]]))
        #expect(cache.records(for: Self.key)?.cases["M1001"] == [newest, newer])
        #expect(cache.records(for: unlimited)?.cases["M1001"] == [newest, newer, older])

        // Same moment: the larger id first, as `received_at DESC, id DESC`.
        let twin = Self.detail("GL-4", at: 120)
        cache.apply(.init(opened: ["M1001": [twin]]))
        #expect(cache.records(for: unlimited)?.cases["M1001"]?.map(\.paCase.id) == ["GL-4", "GL-3", "GL-2", "GL-1"])
    }

    /// Only an entry that was current takes the case: a stale one stays stale.
    @Test func aStaleEntryIsNotBroughtUpToDate() {
        let cache = MemberHistoryCache(freshness: .seconds(60))
        cache.store(Self.records([]), for: Self.key, ticket: cache.ticket())
        cache.apply(.init(members: ["M1001"]))
        cache.apply(.init(opened: ["M1001": [Self.detail("GL-1", at: 0)]]))
        #expect(cache.records(for: Self.key) == nil)

        // Nor one whose other member changed in the same commit.
        let both = MemberHistoryCache.Key(identifiers: ["SUB-1", "SUB-2"], caseLimit: 5)
        var records = Self.records([])
        records.coverages.append(MemberCoverage(id: "cov-2", memberID: "M2002", payerID: "payer-1", coverageJSON: "{}"))
        cache.store(records, for: both, ticket: cache.ticket())
        #expect(cache.records(for: both) != nil)
        cache.apply(.init(members: ["M2002"], opened: ["M1001": [Self.detail("GL-2", at: 60)]]))
        #expect(cache.records(for: both) == nil)
    }

    @Test func theOlderHalfGoesAtCapacity() {
        let cache = MemberHistoryCache(freshness: .seconds(60), capacity: 4)
        let start = ContinuousClock.now
        let keys = (0..<5).map { MemberHistoryCache.Key(identifiers: ["SUB-\($0)"], caseLimit: 1) }
        for (n, key) in keys.enumerated() {
            cache.store(MemberRecords(), for: key, ticket: cache.ticket(), now: start + .milliseconds(n))
        }
        #expect(keys.map { cache.records(for: $0, now: start) != nil } == [false, false, true, true, true])
    }
}

/// The writer's temporary triggers report what each commit changed (``CaseChangeTracker``).
struct CaseChangeTrackerTests {
    /// A migrated database in memory with the tracker installed, and the member's entry cached.
    static func database() throws -> (DatabaseQueue, CaseChangeTracker) {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        let tracker = CaseChangeTracker(cache: MemberHistoryCache(freshness: .seconds(60)))
        try queue.writeWithoutTransaction { db in try tracker.install(on: db) }
        try queue.write { db in try insertCase(db, id: "GL-1") }
        return (queue, tracker)
    }

    /// A case of member M1001 with one item, as raw rows.
    static func insertCase(_ db: Database, id: String) throws {
        try db.execute(
            sql: """
                INSERT INTO pa_case (id, submitter, request_identifier_value, member_id, urgency, received_at, due_at, status, request_json)
                VALUES (?, 'org-1', ?, 'M1001', 'standard', '2026-04-06 14:00:00.000', '2026-04-13 14:00:00.000', 'received', '{}')
                """,
            arguments: [id, "req-\(id)"])
        try db.execute(
            sql: "INSERT INTO case_item (case_id, sequence, service_system, service_code, status) VALUES (?, 1, 'http://www.ama-assn.org/go/cpt', '72148', 'received')",
            arguments: [id])
    }

    static func cacheEntry(_ tracker: CaseChangeTracker, member: String) {
        tracker.cache.store(MemberHistoryCacheTests.records([], member: member), for: MemberHistoryCacheTests.key, ticket: tracker.cache.ticket())
    }

    @Test func anOpenedCaseIsHandedToTheCacheAtCommit() throws {
        let (queue, tracker) = try Self.database()
        let member = "M1001"
        Self.cacheEntry(tracker, member: member)
        let opened = MemberHistoryCacheTests.detail("GL-2", member: member, at: 0)
        try queue.write { db in
            try Self.insertCase(db, id: "GL-2")
            tracker.opened(opened)
        }
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key)?.cases[member] == [opened])
    }

    @Test func otherChangesMakeTheEntryStale() throws {
        for change in [
            "UPDATE case_item SET note = 'Looked at.'",
            "UPDATE pa_case SET escalation = 'near'",
            "DELETE FROM case_item",
        ] {
            let (queue, tracker) = try Self.database()
            let member = "M1001"
            Self.cacheEntry(tracker, member: member)
            try queue.write { db in try db.execute(sql: change) }
            #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) == nil, "\(change)")
        }
    }

    @Test func directoryChangesDropEverything() throws {
        let (queue, tracker) = try Self.database()
        Self.cacheEntry(tracker, member: "M-cached")
        try queue.write { db in try db.execute(sql: "UPDATE coverage SET subscriber_id = 'SUB-9'") }
        // No coverage row: nothing changed, the entry stays.
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) != nil)
        try queue.write { db in try db.execute(sql: "UPDATE member SET birth_date = '1950-01-01'") }
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) != nil)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO payer (id, name) VALUES ('payer-9', 'Payer')")
            try db.execute(sql: "INSERT INTO member (id, payer_id, patient_json) VALUES ('M-new', 'payer-9', '{}')")
        }
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) == nil)
    }

    /// Merging opened cases into a member's history, against the plain reading (every case once,
    /// newest first, cut at the limit), over random histories: opened cases newer than all,
    /// older ones, ones already kept, ties in time broken by id.
    @Test func mergingKeepsEveryCaseOnceNewestFirst() {
        var generator = SystemRandomNumberGenerator()
        func key(_ detail: CaseDetail) -> (Date, String) { (detail.paCase.receivedAt, detail.paCase.id) }
        for round in 0..<500 {
            let kept = (0..<Int.random(in: 0...12, using: &generator)).map { n in
                MemberHistoryCacheTests.detail("GL-K\(round)-\(n)", at: Double(Int.random(in: 0...20, using: &generator)))
            }.sorted { key($0) > key($1) }
            var opened = (0..<Int.random(in: 1...3, using: &generator)).map { n in
                MemberHistoryCacheTests.detail("GL-O\(round)-\(n)", at: Double(Int.random(in: Bool.random(using: &generator) ? 0...20 : 21...30, using: &generator)))
            }
            if let again = kept.randomElement(using: &generator), Int.random(in: 0..<4, using: &generator) == 0 { opened.append(again) }
            let limit = [-1, 1, 5, 10].randomElement(using: &generator)!
            var expected: [CaseDetail] = []
            for detail in (kept + opened).sorted(by: { key($0) > key($1) }) where !expected.contains(where: { $0.paCase.id == detail.paCase.id }) {
                expected.append(detail)
            }
            if limit >= 0 { expected = Array(expected.prefix(limit)) }
            let merged = MemberHistoryCache.merging(opened, into: kept, limit: limit)
            #expect(merged.map(\.paCase.id) == expected.map(\.paCase.id))
        }
    }

    /// A savepoint rolled back inside a group may have undone a case it handed over.
    @Test func aRolledBackSavepointHandsNothingOver() throws {
        let (queue, tracker) = try Self.database()
        let member = "M1001"
        Self.cacheEntry(tracker, member: member)
        try queue.write { db in
            try Self.insertCase(db, id: "GL-2")
            tracker.opened(MemberHistoryCacheTests.detail("GL-2", member: member, at: 0))
            tracker.discardOpened()
        }
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) == nil)
    }

    /// A rolled-back transaction changed nothing: the entry stays, and nothing carries over.
    @Test func aRollbackChangesNothing() throws {
        let (queue, tracker) = try Self.database()
        let member = "M1001"
        Self.cacheEntry(tracker, member: member)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try queue.write { db in
                try db.execute(sql: "UPDATE case_item SET note = 'x'")
                throw Refused()
            }
        }
        #expect(tracker.cache.records(for: MemberHistoryCacheTests.key) != nil)
        #expect(tracker.takeChanges().isEmpty)
    }
}

/// Through the store: the history served from memory is the history in the file, whatever
/// wrote it.
struct MemberHistoryCoherenceTests {
    /// What the file holds, read past the cache (the read with requests is never cached).
    static func fromFile(_ store: SQLiteCaseStore) async throws -> MemberRecords {
        var records = try await store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 100, withRequests: true)
        for (member, cases) in records.cases {
            records.cases[member] = cases.map { detail in
                var detail = detail
                detail.paCase.requestJSON = ""
                return detail
            }
        }
        return records
    }

    static func history(_ store: SQLiteCaseStore) async throws -> MemberRecords {
        try await store.memberRecords(memberIdentifiers: ["SUB-1"], caseLimit: 100, withRequests: false)
    }

    @Test func writesHereAreSeenAtOnce() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        _ = try await CoverageRequirementsStoreTests.seedMember(test)
        #expect(try await Self.history(test.store).cases["M1001"] == [])

        // Opened: the entry takes the case (it is still current: not read again).
        let first = try await test.store.openCase(Fixtures.intake(identifier: "req-1", items: 2))
        #expect(test.store.history.records(for: MemberHistoryCache.Key(identifiers: ["SUB-1"], caseLimit: 100)) != nil)
        #expect(try await Self.history(test.store) == Self.fromFile(test.store))
        #expect(try await Self.history(test.store).cases["M1001"]?.map(\.paCase.id) == [first.paCase.id])
        test.time.advance(by: Dates.hour)
        let second = try await test.store.openCase(
            Fixtures.intake(identifier: "req-2", items: 1), decisions: [1: ItemDecision(.certified)], decidedBy: "rules")
        #expect(test.store.history.records(for: MemberHistoryCache.Key(identifiers: ["SUB-1"], caseLimit: 100)) != nil)
        #expect(try await Self.history(test.store).cases["M1001"]?.map(\.paCase.id) == [second.paCase.id, first.paCase.id])
        #expect(try await Self.history(test.store) == Self.fromFile(test.store))

        // Decided by a reviewer: the entry is read again.
        try await test.store.recordDecisions(caseID: first.paCase.id, decisions: [1: ItemDecision(.certified)], actor: "reviewer-1")
        #expect(try await Self.history(test.store).cases["M1001"]?.last?.items.first?.reviewAction == .certified)
        #expect(try await Self.history(test.store) == Self.fromFile(test.store))

        // The same request again opens nothing and changes nothing.
        _ = try await test.store.openCase(Fixtures.intake(identifier: "req-1", items: 2))
        #expect(try await Self.history(test.store) == Self.fromFile(test.store))

        // The directory: a coverage found by another identifier now.
        var coverage = Fixtures.coverage
        coverage.subscriberID = "SUB-2"
        try await test.store.upsertCoverage(coverage)
        #expect(try await Self.history(test.store).coverages.isEmpty)
    }

    /// Another process's writes are not reported to this one by the triggers: seen once the
    /// store's watcher notices the foreign commit (within `directoryCacheSeconds`, here 0.3 s).
    @Test func anotherProcesssWritesAreSeenOnceNoticed() async throws {
        let test = try TestStore(settings: CaseStoreSettings(directoryCacheSeconds: 0.3))
        defer { test.removeFiles() }
        _ = try await CoverageRequirementsStoreTests.seedMember(test)
        #expect(try await Self.history(test.store).cases["M1001"] == [])
        let other = try test.reopen()
        defer { try? other.close() }
        let opened = try await other.openCase(Fixtures.intake(identifier: "req-1"))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await Self.history(test.store).cases["M1001"]?.map(\.paCase.id) == [opened.paCase.id])
    }
}
