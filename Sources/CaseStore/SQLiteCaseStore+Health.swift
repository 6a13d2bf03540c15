import Foundation
internal import GRDB

extension SQLiteCaseStore {
    /// The tables ``counts()`` reports on.
    static let tables = [
        "payer", "plan", "provider", "member", "coverage", "pa_case", "case_item", "case_event", "outbox", "client",
    ]

    public func ping() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func counts() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for table in Self.tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
            }
            return counts
        }
    }

    public func isDirectoryEmpty() async throws -> Bool {
        try await read { db in
            for table in ["payer", "plan", "provider", "member", "coverage"] {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \"\(table)\")") == true { return false }
            }
            return true
        }
    }

    public func isEmpty() async throws -> Bool {
        guard try await isDirectoryEmpty() else { return false }
        return try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pa_case)") != true }
    }

    /// How the database connection is actually set up, read back from SQLite on the writer
    /// connection (the one whose settings make commits durable).
    public func diagnostics() async throws -> StorageDiagnostics {
        do {
            return try await writer.writeWithoutTransaction { db in
                StorageDiagnostics(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                    synchronous: StorageDiagnostics.synchronousName(try Int.fetchOne(db, sql: "PRAGMA synchronous")),
                    sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                    appliedMigrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                )
            }
        } catch {
            throw Self.translate(error)
        }
    }
}

/// What SQLite reports about the open store; for tests and the health endpoint.
public struct StorageDiagnostics: Sendable, Hashable, Codable {
    /// `wal` for a file store, `memory` for an in-memory one.
    public var journalMode: String
    public var foreignKeys: Bool
    /// `off`, `normal`, `full` or `extra`.
    public var synchronous: String
    public var sqliteVersion: String
    public var appliedMigrations: [String]

    static func synchronousName(_ value: Int?) -> String {
        switch value {
        case 0: "off"
        case 1: "normal"
        case 2: "full"
        case 3: "extra"
        default: "unknown"
        }
    }
}
