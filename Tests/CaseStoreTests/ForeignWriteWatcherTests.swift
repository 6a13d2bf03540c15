import Foundation
import GRDB
import Synchronization
import Testing

@testable import CaseStore

/// Another process's commits drop the caches (``ForeignWriteWatcher``); this process's own
/// commits and the background checkpoints do not.
struct ForeignWriteWatcherTests {
    /// Counts the watcher's calls.
    final class Calls: Sendable {
        private let count = Mutex(0)
        func record() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// A database file of its own (no store: its background checkpoints would contend with
    /// the test's), removed with its folder by `remove`.
    struct Scratch {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watcher-\(UUID().uuidString)")
        var path: String { folder.appendingPathComponent("watched.sqlite").path }

        init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

        /// Another connection, waiting for locks as the store's connections do.
        func connection() throws -> DatabaseQueue {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            return try DatabaseQueue(path: path, configuration: configuration)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// A writer connection to `scratch`'s file with a `probe` table, watched every 20 ms.
    static func watched(_ scratch: Scratch) async throws -> (writer: DatabasePool, calls: Calls, watcher: ForeignWriteWatcher) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let writer = try DatabasePool(path: scratch.path, configuration: configuration)
        try await writer.write { db in try db.execute(sql: "CREATE TABLE probe (n INTEGER)") }
        let calls = Calls()
        let watcher = try ForeignWriteWatcher(writer: writer, interval: .milliseconds(20)) { calls.record() }
        return (writer, calls, watcher)
    }

    @Test func theWritersOwnCommitsAndCheckpointsAreNotForeign() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (writer, calls, watcher) = try await Self.watched(scratch)
        defer { watcher.stop() }
        let checkpointer = try scratch.connection()
        for n in 0..<40 {
            try await writer.write { db in try db.execute(sql: "INSERT INTO probe VALUES (?)", arguments: [n]) }
            // A second connection copying the log into the file, as the store's checkpointer does.
            if n % 10 == 0 { try await checkpointer.writeWithoutTransaction { _ = try $0.checkpoint(.passive) } }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(60))
        #expect(calls.value == 0)
    }

    @Test func anotherConnectionsCommitIsNoticed() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (_, calls, watcher) = try await Self.watched(scratch)
        defer { watcher.stop() }
        try await Task.sleep(for: .milliseconds(60))
        #expect(calls.value == 0)

        let other = try scratch.connection()
        try await other.write { db in try db.execute(sql: "INSERT INTO probe VALUES (1)") }
        try await Self.waitFor { calls.value >= 1 }
        // Noticed, and not again on every poll after.
        let noticed = calls.value
        try await Task.sleep(for: .milliseconds(100))
        #expect(calls.value == noticed)
    }

    /// The store's caches keep their entries past the old five-second expiry and still see
    /// another process's writes: a client disabled, a payer added, a case opened elsewhere.
    @Test func theStoreDropsItsCachesWhenAnotherProcessWrites() async throws {
        let test = try TestStore(settings: CaseStoreSettings(directoryCacheSeconds: 600))
        defer { test.removeFiles() }
        _ = try await CoverageRequirementsStoreTests.seedMember(test)
        let client = SecurityStoreTests.client()
        try await test.store.registerClient(client)
        #expect(try await test.store.client(id: client.id)?.status == .active)
        #expect(try await test.store.payers().count == 1)
        #expect(try await MemberHistoryCoherenceTests.history(test.store).cases["M1001"] == [])

        let other = try test.reopen()
        defer { try? other.close() }
        var disabled = client
        disabled.status = .disabled
        try await other.upsertClient(disabled)
        let opened = try await other.openCase(Fixtures.intake(identifier: "req-elsewhere"))

        try await Self.waitFor { try await test.store.client(id: client.id)?.status == .disabled }
        #expect(try await MemberHistoryCoherenceTests.history(test.store).cases["M1001"]?.map(\.paCase.id) == [opened.paCase.id])
    }

    /// Polls `condition` for up to ten seconds: the watcher polls every quarter second or
    /// less, but a loaded machine running every suite at once can delay its task for seconds.
    static func waitFor(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("not within ten seconds")
    }
}
