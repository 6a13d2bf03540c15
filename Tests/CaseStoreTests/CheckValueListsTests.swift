import Foundation
import GRDB
import Testing

@testable import CaseStore

/// Migration v8: CHECK constraints listing allowed values become comparisons, which SQLite
/// evaluates without building a temporary table on every write (``CheckValueLists``).
struct CheckValueListsTests {
    @Test func aListOfThreeOrMoreValuesBecomesComparisons() {
        #expect(CheckValueLists.comparisons(in: "CHECK (kind IN ('initial', 'update', 'cancel'))")
            == "CHECK ((kind = 'initial' OR kind = 'update' OR kind = 'cancel'))")
        #expect(CheckValueLists.comparisons(in: "review_action IS NULL OR review_action NOT IN ('A2', 'A3', 'A6')")
            == "review_action IS NULL OR (review_action <> 'A2' AND review_action <> 'A3' AND review_action <> 'A6')")
        // Over line breaks, and with a quote inside a value.
        #expect(CheckValueLists.comparisons(in: "status IN ('a',\n        'it''s', 'c')")
            == "(status = 'a' OR status = 'it''s' OR status = 'c')")
    }

    @Test func shortListsAndOtherSQLAreLeftAlone() {
        // SQLite compares one or two constants itself.
        for sql in [
            "CHECK (urgency IN ('expedited', 'standard'))",
            "CHECK (heartbeat_period > 0)",
            "SELECT id FROM pa_case WHERE id IN (SELECT case_id FROM case_item)",
            "CHECK (json_valid(reason_codes) AND json_type(reason_codes) = 'array')",
        ] {
            #expect(CheckValueLists.comparisons(in: sql) == sql)
        }
    }

    /// Nothing in the migrated schema lists three or more constants, so no write builds a
    /// temporary table for a CHECK. Adding such a list in a later migration fails here.
    @Test func theMigratedSchemaHasNoValueLists() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL") {
                let sql: String = row["sql"]
                #expect(CheckValueLists.comparisons(in: sql) == sql, "\(row["name"] as String) still lists values")
            }
            for insert in [
                "INSERT INTO pa_case (id, submitter, request_identifier_value, member_id, urgency, received_at, due_at, status, request_json) VALUES ('c', 's', 'r', 'm', 'standard', 't', 'u', 'received', '{}')",
                "INSERT INTO case_item (case_id, sequence, service_system, service_code, status) VALUES ('c', 1, 's', 'x', 'received')",
                "UPDATE case_item SET status = 'denied', review_action = 'A3' WHERE case_id = 'c'",
                "UPDATE pa_case SET status = 'denied', escalation = 'near' WHERE id = 'c'",
            ] {
                let program = try String.fetchAll(db, sql: "EXPLAIN \(insert)").joined(separator: "\n")
                #expect(!program.contains("OpenEphemeral"), "\(insert) builds a temporary table")
            }
        }
    }

    /// The rewritten constraints still refuse what the lists refused.
    @Test func theConstraintsStillHold() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.write { db in try Self.insertCase(db, id: "c", status: "received", item: ("approved", "A1")) }
        let refused = [
            "UPDATE pa_case SET status = 'lost' WHERE id = 'c'",
            "UPDATE pa_case SET escalation = 'late' WHERE id = 'c'",
            "UPDATE case_item SET status = 'maybe' WHERE case_id = 'c'",
            "UPDATE case_item SET review_action = 'A9' WHERE case_id = 'c'",
            // A denial without a coded reason: the NOT IN list, rewritten.
            "UPDATE case_item SET status = 'denied', review_action = 'A3' WHERE case_id = 'c'",
            "INSERT INTO subscription (id, owner, topic, status, endpoint, payload_type, content, resource_json, created_at, updated_at) VALUES ('s', 'o', 't', 'active', 'e', 'p', 'everything', '{}', 'x', 'x')",
        ]
        for sql in refused {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { db in try db.execute(sql: sql) } }
        }
        try queue.write { db in
            try db.execute(sql: "UPDATE case_item SET status = 'denied', review_action = 'A3', reason_codes = '[\"AT\"]', note = 'Not documented.' WHERE case_id = 'c'")
            try db.execute(sql: "UPDATE pa_case SET status = 'denied', escalation = 'overdue' WHERE id = 'c'")
        }
    }

    /// A database written before v8 keeps its rows, passes SQLite's integrity check, and is
    /// read through the new definitions by a connection opened afterwards.
    @Test func anOlderDatabaseMigratesInPlace() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path

        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: "v7-subscription-event-numbers")
        try await old.write { db in try Self.insertCase(db, id: "case-1", status: "pended", item: ("pended", "A4")) }
        try old.close()

        let migrated = try SQLiteCaseStore(path: path)
        let detail = try #require(try await migrated.caseDetail(id: "case-1"))
        #expect(detail.paCase.status == .pended)
        #expect(detail.items.map(\.reviewAction) == [.pended])
        try migrated.close()

        let reader = try DatabaseQueue(path: path)
        try await reader.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'case_item'") ?? ""
            #expect(sql.contains("review_action = 'A1' OR"))
            #expect(!sql.contains("IN ('A1'"))
        }
        #expect(throws: DatabaseError.self) {
            try reader.write { db in try db.execute(sql: "UPDATE case_item SET status = 'maybe'") }
        }
        try reader.close()
    }

    /// A case with one item, written as SQL (so it can go into a database of any version).
    static func insertCase(_ db: Database, id: String, status: String, item: (status: String, reviewAction: String)) throws {
        try db.execute(
            sql: """
                INSERT INTO pa_case (id, submitter, request_identifier_value, member_id, urgency, received_at, due_at, status, request_json)
                VALUES (?, 'org-1', ?, 'M1001', 'standard', '2026-04-06 14:00:00.000', '2026-04-13 14:00:00.000', ?, '{}')
                """,
            arguments: [id, "req-\(id)", status])
        try db.execute(
            sql: """
                INSERT INTO case_item (case_id, sequence, service_system, service_code, status, review_action)
                VALUES (?, 1, 'http://www.ama-assn.org/go/cpt', '72148', ?, ?)
                """,
            arguments: [id, item.status, item.reviewAction])
    }
}
