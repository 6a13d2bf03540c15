import Foundation
import GRDB
import Testing

@testable import CaseStore

/// The file on disk: settings SQLite really uses, reopening, and the rules the schema enforces
/// against writers that bypass the store.
struct PersistenceTests {
    @Test func walAndForeignKeysAreOnAndSyncFollowsTheDurability() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let diagnostics = try await t.store.diagnostics()
        #expect(diagnostics.journalMode == "wal")
        #expect(diagnostics.foreignKeys)
        #expect(diagnostics.synchronous == "normal")
        let full = try TestStore(settings: CaseStoreSettings(durability: .full))
        defer { full.removeFiles() }
        #expect(try await full.store.diagnostics().synchronous == "full")
        // Every migration, in order; the shipped ones first and unchanged.
        #expect(diagnostics.appliedMigrations == Migrations.migrator.migrations)
        #expect(
            diagnostics.appliedMigrations.prefix(6)
                == ["v1-directory", "v1-cases", "v1-events", "v1-outbox", "v2-security", "v3-crd"])
        #expect(diagnostics.appliedMigrations.contains("v4-case-versions"))
        #expect(diagnostics.appliedMigrations.contains("v5-subscriptions"))
        #expect(diagnostics.appliedMigrations.contains("v6-questionnaire-responses"))
        #expect(FileManager.default.fileExists(atPath: t.path))
    }

    @Test func theInMemoryStoreWorksTheSameWay() async throws {
        let store = try SQLiteCaseStore.inMemory(timeSource: ManualTimeSource(Dates.mondayMorning))
        #expect(try await store.diagnostics().foreignKeys)
        #expect(store.path == nil)
        let opened = try await store.openCase(Fixtures.intake())
        #expect(try await store.paCase(id: opened.paCase.id) == opened.paCase)
    }

    @Test func reopeningTheFileKeepsEverything() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        try await t.store.upsertPayer(Fixtures.payer)
        try await t.store.upsertPlan(Fixtures.plan)
        try await t.store.upsertMember(Fixtures.member)
        try await t.store.upsertCoverage(Fixtures.coverage)
        try await t.store.upsertProvider(Fixtures.provider)
        let caseID = try await t.store.openCase(Fixtures.intake(items: 2)).paCase.id
        t.time.advance(by: Dates.hour)
        try await t.store.extendDueTime(
            caseID: caseID,
            DueTimeExtensionRequest(days: 10, reason: "Awaiting records", actor: "reviewer-1")
        )
        t.time.advance(by: Dates.hour)
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.deny, actor: "reviewer-1")

        let before = try #require(try await t.store.caseDetail(id: caseID))
        let eventsBefore = try await t.store.events(caseID: caseID)
        try t.store.close()

        let reopened = try t.reopen()
        defer { try? reopened.close() }
        #expect(try await reopened.caseDetail(id: caseID) == before)
        #expect(try await reopened.events(caseID: caseID) == eventsBefore)
        #expect(before.paCase.dueTimeExtension?.days == 10)
        #expect(before.items[0].reasonCodes == ["AT"])
        #expect(try await reopened.member(id: "M1001") == Fixtures.member)
        #expect(try await reopened.coverages(memberID: "M1001") == [Fixtures.coverage])
        #expect(try await reopened.provider(npi: Fixtures.provider.npi) == Fixtures.provider)
        // Nothing ran twice.
        #expect(try await reopened.diagnostics().appliedMigrations.count == Migrations.migrator.migrations.count)
    }

    @Test func eventsCannotBeChangedOrDeleted() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.approve, actor: "rules")
        let events = try await t.store.events(caseID: caseID)

        // A separate connection, as a script or another program would use.
        let other = try DatabaseQueue(path: t.path)
        defer { try? other.close() }
        #expect(throws: DatabaseError.self) {
            try other.write { db in try db.execute(sql: "UPDATE case_event SET actor = 'someone else'") }
        }
        #expect(throws: DatabaseError.self) {
            try other.write { db in try db.execute(sql: "DELETE FROM case_event") }
        }
        #expect(try await t.store.events(caseID: caseID) == events)
    }

    @Test func theDatabaseRefusesDenialsWithoutReasonsFromAnyWriter() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake()).paCase.id
        let other = try DatabaseQueue(path: t.path)
        defer { try? other.close() }

        func deny(codes: String, note: String?) throws {
            try other.write { db in
                try db.execute(
                    sql: """
                        UPDATE case_item SET review_action = 'A3', status = 'denied', reason_codes = ?, note = ?
                        WHERE case_id = ? AND sequence = 1
                        """,
                    arguments: [codes, note, caseID]
                )
            }
        }
        #expect(throws: DatabaseError.self) { try deny(codes: "[]", note: "Not medically necessary.") }
        #expect(throws: DatabaseError.self) { try deny(codes: #"["AT"]"#, note: nil) }
        #expect(throws: DatabaseError.self) { try deny(codes: #"["AT"]"#, note: " \n") }
        #expect(try await t.store.items(caseID: caseID)[0].reviewAction == nil)
        #expect(throws: Never.self) { try deny(codes: #"["AT"]"#, note: "Not medically necessary.") }
        #expect(try await t.store.items(caseID: caseID)[0].reviewAction == .notCertified)
    }

    @Test func theDatabaseKeepsTheClockFixedAndAllowsOneExtension() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let opened = try await t.store.openCase(Fixtures.intake()).paCase
        let other = try DatabaseQueue(path: t.path)
        defer { try? other.close() }

        #expect(throws: DatabaseError.self) {
            try other.write { db in
                try db.execute(
                    sql: "UPDATE pa_case SET due_at = '2030-01-01 00:00:00.000' WHERE id = ?",
                    arguments: [opened.id]
                )
            }
        }
        #expect(throws: DatabaseError.self) {  // more than 14 days
            try other.write { db in
                try db.execute(
                    sql: """
                        UPDATE pa_case SET extension_due_at = '2030-01-01 00:00:00.000', extension_days = 30,
                            extension_reason = 'x', extension_by = 'x', extension_at = '2026-04-07 00:00:00.000'
                        WHERE id = ?
                        """,
                    arguments: [opened.id]
                )
            }
        }
        #expect(throws: DatabaseError.self) {  // no reason
            try other.write { db in
                try db.execute(
                    sql: """
                        UPDATE pa_case SET extension_due_at = '2026-04-20 00:00:00.000', extension_days = 5,
                            extension_reason = ' ', extension_by = 'x', extension_at = '2026-04-07 00:00:00.000'
                        WHERE id = ?
                        """,
                    arguments: [opened.id]
                )
            }
        }
        try await t.store.extendDueTime(
            caseID: opened.id,
            DueTimeExtensionRequest(days: 3, reason: "Awaiting records", actor: "reviewer-1")
        )
        #expect(throws: DatabaseError.self) {  // a second one
            try other.write { db in
                try db.execute(
                    sql: "UPDATE pa_case SET extension_days = 4, extension_reason = 'again' WHERE id = ?",
                    arguments: [opened.id]
                )
            }
        }
        #expect(try await t.store.paCase(id: opened.id)?.dueTimeExtension?.days == 3)
    }

    /// Grouped writes keep each request's savepoint journal in memory (SQLite's default spills
    /// it to a temporary file past 64 KiB); readers keep the default, so a large report's sort
    /// may still use a file rather than memory. 2 is MEMORY, 0 DEFAULT.
    @Test func theWriterKeepsSavepointJournalsInMemory() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        #expect(try await t.store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
        #expect(try await t.store.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 0)
    }

    /// `insertRow` writes each value under its own column: rows written by the store are read
    /// back through the records' `Codable` keys (an independent mapping) and written again with
    /// `insertRow` into TEMP copies of the tables, which shadow the real ones; both readings agree.
    @Test func insertRowWritesEveryValueUnderItsOwnColumn() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let caseID = try await t.store.openCase(Fixtures.intake(items: 2)).paCase.id
        t.time.advance(by: Dates.hour)
        try await t.store.extendDueTime(
            caseID: caseID, DueTimeExtensionRequest(days: 10, reason: "Awaiting records", actor: "reviewer-1"))
        t.time.advance(by: Dates.hour)
        try await t.store.recordDecision(caseID: caseID, itemSequence: 1, decision: Fixtures.deny, actor: "reviewer-1")
        let modify = ItemDecision(
            .modified, reasonCodes: ["AC"], note: "Fewer visits.", authorizedQuantity: Quantity(value: "1", unit: "visit"),
            authorizedPeriod: ServicePeriod(start: "2026-04-21", end: "2026-05-01"))
        try await t.store.recordDecision(caseID: caseID, itemSequence: 2, decision: modify, actor: "reviewer-2")

        let (stored, copied) = try await t.store.writer.write { db in
            let paCase = try #require(try CaseRecord.fetchOne(db, key: caseID))
            let items = try CaseItemRecord.filter(sql: "case_id = ?", arguments: [caseID]).order(sql: "sequence").fetchAll(db)
            try db.execute(sql: "CREATE TEMP TABLE pa_case AS SELECT * FROM main.pa_case WHERE 0")
            try db.execute(sql: "CREATE TEMP TABLE case_item AS SELECT * FROM main.case_item WHERE 0")
            try paCase.insertRow(db)
            for item in items { try item.insertRow(db) }
            let copiedCase = try #require(try CaseRecord.fetchOne(db, sql: "SELECT * FROM temp.pa_case"))
            let copiedItems = try CaseItemRecord.fetchAll(db, sql: "SELECT * FROM temp.case_item ORDER BY sequence")
            try db.execute(sql: "DROP TABLE temp.pa_case; DROP TABLE temp.case_item")
            return ((paCase.model, paCase.requestJSON, items.map(\.model)), (copiedCase.model, copiedCase.requestJSON, copiedItems.map(\.model)))
        }
        #expect(stored.0.dueTimeExtension != nil && stored.0.decidedAt != nil && stored.2[1].authorizedPeriod != nil)
        #expect(copied.0 == stored.0)
        #expect(copied.1 == stored.1)
        #expect(copied.2 == stored.2)
    }
}
