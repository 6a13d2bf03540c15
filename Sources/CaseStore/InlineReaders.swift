import Foundation
internal import GRDB
import Synchronization

/// Read-only connections used on the calling thread, for the small reads every request makes
/// (a member and their recent history).
///
/// An awaited GRDB read takes three thread switches (the pool's waiting queue, the reader's
/// queue, back to the task); for a read of a few indexed rows they cost more than the read.
/// A connection here is taken without waiting: when all are busy the caller is told so and
/// awaits an ordinary read instead. A cooperative thread therefore never blocks on another
/// one's connection (blocking there, while an awaited read that holds a pool connection needs
/// a thread to finish, is how a pool deadlocks). In WAL mode a reader never waits for the
/// writer, so a thread is held only for the read itself.
///
/// Each connection keeps what GRDB learned of the schema (primary keys for `fetchOne(key:)`)
/// for its lifetime: the store migrates before its first read, and a running server's schema
/// does not change under it.
final class InlineReaders: Sendable {
    /// The connections not in use; `nil` once closed.
    private let idle: Mutex<[DatabaseQueue]?>
    /// How many connections there are.
    let count: Int

    /// Opens `count` read-only connections to the database at `path`.
    init(path: String, count: Int, configuration: Configuration) throws {
        self.count = count
        var configuration = configuration
        configuration.readonly = true
        configuration.label = "greenlight.casestore.inline"
        idle = Mutex(try (0..<count).map { _ in try DatabaseQueue(path: path, configuration: configuration) })
    }

    /// `body` in a read transaction on an idle connection, on this thread; `nil` (and `body`
    /// not run) when every connection is in use.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let connection = idle.withLock({ $0?.popLast() }) else { return nil }
        defer { idle.withLock { $0?.append(connection) } }
        return try connection.read(body)
    }

    /// Closes the idle connections now; one in use closes when its read ends. Reads afterwards
    /// get `nil`.
    func close() throws {
        for connection in idle.withLock({ idle in defer { idle = nil }; return idle ?? [] }) { try connection.close() }
    }
}
