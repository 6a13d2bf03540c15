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

    /// Under writes that never pause, no PASSIVE checkpoint finds the log fully copied; the
    /// catch-up on the writer does, and the next commit starts the log over.
    @Test func theCatchUpOnTheWriterLetsTheLogStartOver() async throws {
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 3600))
        defer { test.removeFiles() }
        let checkpointer = try #require(test.store.checkpointer)
        for index in 0..<200 {
            _ = try await test.store.openCase(Fixtures.intake(identifier: "req-\(index)", items: 3))
        }
        let caughtUp = try await checkpointer.catchUpNow()
        #expect(caughtUp.walFrames > 500)
        #expect(caughtUp.checkpointed == caughtUp.walFrames)
        _ = try await test.store.openCase(Fixtures.intake(identifier: "req-next"))
        #expect(try checkpointer.checkpointNow().walFrames < 50)
    }

    /// With a low threshold, continuous writes keep the log file near it instead of growing.
    @Test func continuousWritesDoNotGrowTheLogPastItsBound() async throws {
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 0.01, walRestartFrames: 200))
        defer { test.removeFiles() }
        for index in 0..<1500 {
            _ = try await test.store.openCase(Fixtures.intake(identifier: "req-\(index)", items: 3))
        }
        // A checkpoint of the loop may be running (on either connection): then this one is busy.
        var frames: Int?
        for _ in 0..<100 where frames == nil {
            frames = try? #require(test.store.checkpointer).checkpointNow().walFrames
            if frames == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let logged = try #require(frames)
        // 1,500 three-item cases write well over 5,000 frames; the log started over along the way.
        #expect(logged < 2000, "the log holds \(logged) frames")
        #expect(try await test.store.cases(memberID: "M1001").count == 1500)
    }

    @Test func settingTheIntervalToZeroLeavesItToSQLite() async throws {
        let test = try TestStore(settings: CaseStoreSettings(checkpointInterval: 0))
        defer { test.removeFiles() }
        #expect(test.store.checkpointer == nil)
        #expect(try await Self.autoCheckpointPages(test.store) == 1000)
    }

    /// The log file is cut back only past four times the restart threshold, above the mark it
    /// reaches before each catch-up, so it is rewritten in place rather than regrown.
    @Test func theLogFileKeepsFourTimesTheRestartThreshold() async throws {
        let large = try TestStore(settings: CaseStoreSettings(walRestartFrames: 100_000))
        defer { large.removeFiles() }
        let limit = try await large.store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") }
        #expect(limit == 100_000 * 4120 * 4)
        // Frames are a page and a 24-byte header: a file with larger pages keeps more bytes.
        #expect(SQLiteCaseStore.walSizeLimit(restartFrames: 100_000, pageSize: 8192) == 100_000 * 8216 * 4)
        let small = try TestStore(settings: CaseStoreSettings(walRestartFrames: 200))
        defer { small.removeFiles() }
        #expect(try await small.store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") } == 64 << 20)
    }
}
