internal import GRDB

/// Notices commits that another connection made to the store's file — another process, such
/// as the `greenlight` command line beside a running server — so the in-memory caches can drop
/// what they hold.
///
/// This process's own writes keep the caches right as they commit (``CaseChangeTracker``,
/// ``CachedValue/invalidate()``); another process's are invisible to that. SQLite's
/// `PRAGMA data_version` on a connection changes exactly when some *other* connection committed
/// (in this process or another) since it last asked, so asking the store's writer, which makes
/// all of this process's commits, every `interval` answers "did anyone else write?". The
/// background checkpoints copy pages but commit nothing, so they do not count.
///
/// Before this, the caches' entries expired after a few seconds to bound how long another
/// process's change went unseen; under load a sixth of the members' history reads went back to
/// the file for that alone.
final class ForeignWriteWatcher: Sendable {
    private let task: Task<Void, Never>

    /// Reads the writer's current version, then asks again every `interval`; `foreignWrite` is
    /// called after each poll that finds a change, or that fails (the caches are then dropped
    /// rather than trusted).
    init(writer: any DatabaseWriter, interval: Duration, foreignWrite: @escaping @Sendable () -> Void) throws {
        let first = try writer.writeWithoutTransaction { db in try Self.dataVersion(db) }
        task = Task.detached(priority: .utility) {
            var seen = first
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                // A failed poll drops the caches too, and the next one compares with the last
                // version read.
                guard let now = try? await writer.writeWithoutTransaction({ db in try Self.dataVersion(db) }) else {
                    foreignWrite()
                    continue
                }
                if now != seen { foreignWrite() }
                seen = now
            }
        }
    }

    /// Stops polling (at the next wake).
    func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }

    private static func dataVersion(_ db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "PRAGMA data_version")
    }
}
