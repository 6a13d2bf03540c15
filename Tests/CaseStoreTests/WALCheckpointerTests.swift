import Foundation
import Testing

@testable import CaseStore
import GRDB

/// The write-ahead log is copied into the database file by the store's own checkpoint
/// connection, never inside a commit.
@Suite struct WALCheckpointerTests {
    static func autoCheckpointPages(_ store: SQLiteCaseStore) async throws -> Int {
        try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1 }
    }

    @Test func commitsNeverCheckpointAndTheCheckpointerCopiesEverything() async throws {
        // A long interval: only the explicit checkpoints below run.
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 3600))
        defer { test.removeFiles() }
        #expect(try await Self.autoCheckpointPages(test.store) == 0)
        let checkpointer = try #require(test.store.checkpointer)

        // Well past SQLite's 1,000-page default: no commit copied anything meanwhile.
        for index in 0..<300 {
            _ = try await test.store.openCase(Fixtures.intake(identifier: "req-\(index)", items: 3))
        }
        let before = try checkpointer.checkpointNow()
        #expect(before.walFrames > 1000)
        #expect(before.checkpointed == before.walFrames)

        // The next commit starts the log over, so it does not keep growing.
        _ = try await test.store.openCase(Fixtures.intake(identifier: "req-next"))
        let after = try checkpointer.checkpointNow()
        #expect(after.walFrames < 50)
        #expect(try await test.store.cases(memberID: "M1001").count == 301)
    }

    @Test func theBackgroundLoopKeepsTheLogShort() async throws {
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 0.02))
        defer { test.removeFiles() }
        for index in 0..<300 {
            _ = try await test.store.openCase(Fixtures.intake(identifier: "req-\(index)", items: 3))
        }
        // Within a few intervals everything is copied: a checkpoint now finds nothing left.
        var remaining = Int.max
        for _ in 0..<100 where remaining > 0 {
            try await Task.sleep(for: .milliseconds(20))
            let state = try #require(test.store.checkpointer).checkpointNow()
            remaining = state.walFrames - state.checkpointed
        }
        #expect(remaining == 0)
    }

    @Test func settingTheIntervalToZeroLeavesItToSQLite() async throws {
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 0))
        defer { test.removeFiles() }
        #expect(test.store.checkpointer == nil)
        #expect(try await Self.autoCheckpointPages(test.store) == 1000)
    }
}
