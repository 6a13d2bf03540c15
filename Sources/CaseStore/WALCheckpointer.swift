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
/// the WAL over.
///
/// Under sustained load that never happens by itself: commits land while each checkpoint copies,
/// so none ever finds the log fully copied, and the WAL grew without bound (300 MB within seconds
/// of the CRD benchmark; an hour at a few hundred requests/s would fill a disk). So once the log
/// holds more than `restartFrames`, the PASSIVE checkpoints are followed by one on the store's
/// writer connection, between two commits: it copies only the few frames written during the
/// last pass, so the log is then fully copied and the next commit starts it over (SQLite's
/// condition), and the store's `journal_size_limit` cuts the file back if it grew past four
/// times the threshold (``SQLiteCaseStore/walSizeLimit(restartFrames:pageSize:)``).
///
/// That checkpoint flushes the log and the database file (two fsyncs, ~3 ms each here). The
/// loop flushes the database file itself first, off the writer: the passes that did not reach
/// the end of the log leave their copied pages unflushed, and the catch-up would otherwise carry
/// tens of megabytes of them (20–30 ms of pause). The pause is now 6–8 ms, so the threshold is
/// 64 MB of log (one pause every 10 s or so at full load): a log that starts over often is
/// rewritten in pages the kernel already holds, where a log growing to 1 GiB (the old threshold)
/// took fresh pages for every frame, and zeroing them cost ~9% of a submission's CPU on this
/// machine. A RESTART checkpoint from here would pause writers as long and also wait for readers.
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
            try checkpoint(.passive)
        }

        func checkpoint(_ mode: Database.CheckpointMode) throws -> (walFrames: Int, checkpointed: Int) {
            try queue.writeWithoutTransaction { db in
                guard !stopped.withLock({ $0 }) else { return (0, 0) }
                let result = try db.checkpoint(mode)
                return (result.walFrameCount, result.checkpointedFrameCount)
            }
        }

        /// The catch-up checkpoint, on the store's writer between two commits (none once stopped).
        /// The database file is flushed first, off the writer, so the checkpoint's own flush
        /// carries only the pages copied since (see the type's documentation).
        func catchUp(on writer: any DatabaseWriter) async throws -> (walFrames: Int, checkpointed: Int) {
            flushDatabaseFile()
            return try await writer.writeWithoutTransaction { db in
                guard !self.stopped.withLock({ $0 }) else { return (0, 0) }
                let result = try db.checkpoint(.passive)
                return (result.walFrameCount, result.checkpointedFrameCount)
            }
        }

        /// Asks the kernel to write the database file's dirty pages to the disk and waits (any
        /// descriptor of a file flushes all of it). A failure is left to the checkpoint, whose
        /// own flush reports it.
        private func flushDatabaseFile() {
            guard !stopped.withLock({ $0 }) else { return }
            let descriptor = open(queue.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return }
            _ = fdatasync(descriptor)
            close(descriptor)
        }
    }

    private let connection: Connection
    private let task: Task<Void, Never>

    /// At most this many frames (1 MB) left for the catch-up on the writer, when the writes allow.
    static let catchUpFrames = 256

    private let writer: any DatabaseWriter

    /// Opens the second connection to `path` and starts the loop; `writer` is the store's.
    init(path: String, writer: any DatabaseWriter, interval: Duration, restartFrames: Int) throws {
        var configuration = Configuration()
        configuration.label = "greenlight.casestore.checkpoint"
        let connection = Connection(queue: try DatabaseQueue(path: path, configuration: configuration))
        self.connection = connection
        self.writer = writer
        self.task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                guard var copied = try? connection.checkpoint(), copied.walFrames > restartFrames else { continue }
                // Copy what arrived during each pass until little does, so the catch-up holds the
                // writer only for a few frames and the fsync.
                for _ in 0..<4 {
                    guard let next = try? connection.checkpoint() else { break }
                    let arrived = next.walFrames - copied.walFrames
                    copied = next
                    if arrived <= Self.catchUpFrames { break }
                }
                _ = try? await connection.catchUp(on: writer)
            }
        }
    }

    /// The catch-up checkpoint now, on the store's writer (what the loop runs once the log is
    /// long): afterwards the log is fully copied unless a reader still needed part of it.
    @discardableResult
    func catchUpNow() async throws -> (walFrames: Int, checkpointed: Int) {
        try await connection.catchUp(on: writer)
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
