import Foundation
internal import GRDB

/// The embedded ``CaseStore``: one SQLite file in WAL mode, through GRDB.
///
/// Reads run in parallel on reader connections (small lookups on the caller's thread, see
/// ``InlineReaders``); writes go one at a time through GRDB's single writer, each in its own
/// transaction, so "look, then write" inside one `write` closure is race-free within this
/// process. Constraints and triggers in the schema (see ``Migrations``)
/// guard the rules that matter against every other writer too.
///
/// The methods live in extensions by concern: `+Cases`, `+Decisions`, `+Clock`, `+Outbox`,
/// `+Directory`, `+Health`.
public final class SQLiteCaseStore: CaseStore {
    /// Where `greenlight serve` keeps its data unless told otherwise.
    public static let defaultPath = "./data/greenlight.sqlite"

    /// Where every timestamp comes from.
    public let timeSource: any TimeSource
    public let settings: CaseStoreSettings
    /// The clock rules with this store's settings, made once (it holds a calendar).
    let clock: DecisionClock
    /// The file, or `nil` for a store in memory.
    public let path: String?

    let writer: any DatabaseWriter
    /// Hot small writes (JWT ids, the hook-call log) committed together under load.
    let grouped: GroupCommit
    /// Payers, plans and clients in memory.
    let directory: DirectoryCache
    /// What each commit of the writer changed, for `history`.
    let changes: CaseChangeTracker
    /// Members' recent history in memory, kept up to date by `changes`.
    var history: MemberHistoryCache { changes.cache }
    /// Copies the WAL into the database file in the background (file stores only).
    let checkpointer: WALCheckpointer?
    /// Connections for small reads on the caller's thread (file stores only).
    let inline: InlineReaders?
    /// Drops the caches when another process writes the file (file stores with caches only).
    private let watcher: ForeignWriteWatcher?

    /// Opens (creating if needed) the store at `path`, with its parent folders, and brings its
    /// schema up to date.
    public convenience init(
        path: String = SQLiteCaseStore.defaultPath,
        timeSource: any TimeSource = SystemTimeSource(),
        settings: CaseStoreSettings = .init()
    ) throws {
        let pool: DatabasePool
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: Self.configuration(settings, backgroundCheckpoints: settings.checkpointInterval > 0))
            // DatabasePool puts its writer in synchronous=NORMAL *after* prepareDatabase runs
            // (WAL+NORMAL: a killed process loses nothing, a power loss may lose the last
            // commits), so FULL, for stores that must survive a power cut, is set once it is open.
            if settings.durability == .full {
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
        } catch {
            throw CaseStoreError(.storageFailure, "cannot open the case store at \(path): \(error)")
        }
        let checkpointer: WALCheckpointer?
        let inline: InlineReaders
        do {
            checkpointer = settings.checkpointInterval > 0
                ? try WALCheckpointer(
                    path: path, writer: pool, interval: .milliseconds(Int64(settings.checkpointInterval * 1000)),
                    restartFrames: settings.walRestartFrames) : nil
            inline = try InlineReaders(path: path, count: 4, configuration: Self.configuration(settings, backgroundCheckpoints: false))
        } catch {
            throw CaseStoreError(.storageFailure, "cannot open the case store's extra connections at \(path): \(error)")
        }
        try self.init(
            writer: pool, path: path, timeSource: timeSource, settings: settings, checkpointer: checkpointer, inline: inline)
    }

    /// A store in memory that disappears with the object; for tests and throwaway demos.
    public static func inMemory(
        timeSource: any TimeSource = SystemTimeSource(),
        settings: CaseStoreSettings = .init()
    ) throws -> SQLiteCaseStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(settings, backgroundCheckpoints: false))
        } catch {
            throw CaseStoreError(.storageFailure, "cannot open an in-memory case store: \(error)")
        }
        return try SQLiteCaseStore(
            writer: queue, path: nil, timeSource: timeSource, settings: settings, checkpointer: nil, inline: nil)
    }

    private init(
        writer: any DatabaseWriter, path: String?, timeSource: any TimeSource, settings: CaseStoreSettings,
        checkpointer: WALCheckpointer?, inline: InlineReaders?
    ) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        self.inline = inline
        // Entries stay until a change makes them stale: this process's changes as they commit,
        // another process's once the watcher below notices them.
        let freshness: Duration = settings.directoryCacheSeconds > 0 ? .seconds(86_400) : .zero
        let changes = CaseChangeTracker(cache: MemberHistoryCache(freshness: freshness))
        let directory = DirectoryCache(freshness: freshness)
        self.changes = changes
        self.grouped = GroupCommit(writer: writer) { changes.discardOpened() }
        self.directory = directory
        self.path = path
        self.timeSource = timeSource
        self.settings = settings
        self.clock = settings.clock
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw CaseStoreError(.storageFailure, "cannot migrate the case store: \(error)")
        }
        do {
            // The writer is one connection for the store's lifetime: its temporary triggers last.
            try writer.writeWithoutTransaction { db in try changes.install(on: db) }
        } catch {
            throw CaseStoreError(.storageFailure, "cannot watch the case store's writes: \(error)")
        }
        // Only a file can be written by another process.
        guard path != nil, settings.directoryCacheSeconds > 0 else {
            watcher = nil
            return
        }
        do {
            let interval = Duration.milliseconds(Int64(min(settings.directoryCacheSeconds, Self.foreignWritePoll) * 1000))
            watcher = try ForeignWriteWatcher(writer: writer, interval: interval) {
                changes.cache.apply(MemberHistoryCache.Changes(everything: true))
                directory.invalidateAll()
            }
        } catch {
            throw CaseStoreError(.storageFailure, "cannot watch the case store's file: \(error)")
        }
    }

    /// How often the file is asked whether another process wrote it (seconds), unless
    /// `directoryCacheSeconds` is shorter.
    static let foreignWritePoll: TimeInterval = 0.25

    /// Bytes the write-ahead log file is cut back to when it starts over (see ``WALCheckpointer``):
    /// four times the restart threshold, 270 MB by default.
    ///
    /// The log passes the threshold by ~40% before the catch-up lands (commits go on while the
    /// passes copy). A file cut back below that high-water mark grows again every cycle into
    /// fresh pages, which the kernel zeroes before each frame's write lands in them: with a
    /// 64 MB limit that zeroing was ~2% of a PAS submission's CPU (perf: memset under the WAL's
    /// pwrite). Kept whole, the log is rewritten in pages the kernel already holds.
    /// A frame is one page plus its 24-byte header.
    static func walSizeLimit(restartFrames: Int, pageSize: Int) -> Int {
        max(64 << 20, restartFrames * (pageSize + 24) * 4)
    }

    private static func configuration(_ settings: CaseStoreSettings, backgroundCheckpoints: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.label = "greenlight.casestore"
        configuration.busyMode = .timeout(settings.busyTimeout)
        configuration.prepareDatabase { db in
            // Off by default in SQLite, and per connection: every connection turns it on.
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // The WALCheckpointer copies the log; no commit does it on a request's time.
            if backgroundCheckpoints { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            // When the log starts over, a file that grew past this is cut back to it.
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let limit = Self.walSizeLimit(restartFrames: settings.walRestartFrames, pageSize: pageSize)
            try db.execute(sql: "PRAGMA journal_size_limit = \(limit)")
            // Grouped writes run each request in a savepoint, whose undo copies of the pages
            // it changes went to a temporary file once past 64 KiB: a file write per page, on
            // the writer's time. In memory they are bounded by one group's pages. Readers keep
            // the default: a large report's sort may still use a file.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        }
        return configuration
    }

    /// Closes the database connections. Using the store afterwards throws.
    public func close() throws {
        checkpointer?.stop()
        watcher?.stop()
        try inline?.close()
        try writer.close()
    }

    /// "Now" from the time source, rounded the way the database stores dates (milliseconds), so
    /// that a time compared in Swift is the same time that is written and read back.
    func now() -> Date {
        Self.storable(timeSource.now())
    }

    static func storable(_ date: Date) -> Date {
        StorageTime.storable(date)
    }
}

// MARK: - Database access

extension SQLiteCaseStore {
    /// Runs `value` on a reader connection, translating database errors.
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(value)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Runs `value` on one of the ``InlineReaders`` on this thread, or, when they are all busy
    /// (or the store is in memory), as an ordinary awaited read. For the small indexed reads
    /// made on every request; not for reads whose size the caller does not bound.
    func readInPlace<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        let inPlace: T?
        do {
            inPlace = try inline?.read(value)
        } catch {
            throw Self.translate(error)
        }
        if let inPlace { return inPlace }
        return try await read(value)
    }

    /// Runs `updates` in one write transaction, translating database errors. Throwing rolls
    /// the whole transaction back.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(updates)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Like ``write(_:)``, but the write may share its transaction (and fsync) with other
    /// grouped writes that arrive meanwhile; it is rolled back alone if it throws.
    func groupedWrite<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await grouped.write(updates)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Keeps GRDB out of the errors callers see: a refused constraint becomes a typed error,
    /// anything else a ``CaseStoreError/Code/storageFailure``.
    static func translate(_ error: any Error) -> any Error {
        switch error {
        case is CaseStoreError, is CancellationError:
            return error
        case let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY:
            return CaseStoreError(.unknownReference, "the record refers to a row that does not exist")
        case let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT:
            return CaseStoreError(
                .invalidRecord,
                "the database refused the write: \(error.message ?? "constraint failed")"
            )
        default:
            return CaseStoreError(.storageFailure, "\(error)")
        }
    }
}
