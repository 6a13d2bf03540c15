import Foundation
internal import GRDB
import Synchronization

/// Copies the write-ahead log into the database file from a connection of its own, so no
/// request waits for it.
///
/// SQLite's default is to checkpoint inside the commit that fills the WAL past 1,000 pages:
/// every few hundred requests one of them would copy ~4 MB and fsync the database file before
/// it was answered — the 20 ms outliers of the latency percentiles. The store turns that off
/// (`wal_autocheckpoint = 0`) and this task runs a PASSIVE checkpoint every `interval` instead:
/// PASSIVE never blocks writers or readers, and what it cannot copy yet (frames a reader still
/// needs) it copies next time. Once a checkpoint has copied everything, the next commit starts
/// the WAL over, so the file stays small.
final class WALCheckpointer: Sendable {
    /// The connection and whether the store was closed, shared with the loop. The connection
    /// is never closed explicitly: the loop may be about to use it when the store closes, so
    /// it closes when the last of the two lets go of it.
    private final class Connection: Sendable {
        let queue: DatabaseQueue
        let stopped = Mutex(false)

        init(queue: DatabaseQueue) { self.queue = queue }

        /// One PASSIVE checkpoint (none once stopped): frames in the log, frames copied.
        func checkpoint() throws -> (walFrames: Int, checkpointed: Int) {
            try queue.writeWithoutTransaction { db in
                guard !stopped.withLock({ $0 }) else { return (0, 0) }
                let result = try db.checkpoint(.passive)
                return (result.walFrameCount, result.checkpointedFrameCount)
            }
        }
    }

    private let connection: Connection
    private let task: Task<Void, Never>

    /// Opens the second connection to `path` and starts the loop.
    init(path: String, interval: Duration) throws {
        var configuration = Configuration()
        configuration.label = "greenlight.casestore.checkpoint"
        let connection = Connection(queue: try DatabaseQueue(path: path, configuration: configuration))
        self.connection = connection
        self.task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                _ = try? connection.checkpoint()
            }
        }
    }

    /// One PASSIVE checkpoint now: the frames in the log and how many of them are copied.
    @discardableResult
    func checkpointNow() throws -> (walFrames: Int, checkpointed: Int) {
        try connection.checkpoint()
    }

    /// A last checkpoint, then no more: the loop ends at its next wake.
    func stop() {
        _ = try? connection.checkpoint()
        connection.stopped.withLock { $0 = true }
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}
