import Foundation

/// Policy knobs of the case store: the plan's time zone, when a case counts as "near due", and
/// what an answered write survives.
public struct CaseStoreSettings: Sendable, Hashable {
    /// What a write the server has answered for survives.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// The process being killed: every commit is in the WAL file before the answer, and the
        /// operating system writes it to the disk soon after (SQLite WAL, `synchronous=NORMAL`).
        /// A power loss may lose the last moments of commits.
        case process
        /// A power loss too: the WAL is flushed to the disk (fsync) before every answer
        /// (`synchronous=FULL`); concurrent writes share one flush (group commit).
        case full
    }

    /// The plan's time zone. "7 calendar days" needs a wall clock, and this is the one used.
    public var timeZone: TimeZone
    /// How long before its due time a standard case is flagged as near due (seconds).
    public var nearDueStandard: TimeInterval
    /// How long before its due time an expedited case is flagged as near due (seconds).
    public var nearDueExpedited: TimeInterval
    /// How long a writer waits for a lock held by another connection or process (seconds).
    public var busyTimeout: TimeInterval
    /// Payers, plans, registered clients and members' recent history are served from memory.
    /// This process's writes are seen at once; another process's (the command line writing the
    /// same file) within this time (seconds) or a quarter of a second, whichever is less: the
    /// store asks the file that often whether someone else wrote it. `0` reads them every time.
    public var directoryCacheSeconds: TimeInterval
    public var durability: Durability
    /// How often the write-ahead log is copied into the database file, off the commit path
    /// (seconds; ``WALCheckpointer``). `0` leaves it to SQLite, inside the commits.
    public var checkpointInterval: TimeInterval
    /// Log frames (pages) past which the checkpointer starts the write-ahead log over, at the
    /// cost of one write pause (``WALCheckpointer``): 16,384, 64 MB with 4 KB pages.
    public var walRestartFrames: Int

    /// The plan time zone used when none is given.
    public static let defaultTimeZone = TimeZone(identifier: "America/New_York")!

    public init(
        timeZone: TimeZone = CaseStoreSettings.defaultTimeZone,
        nearDueStandard: TimeInterval = 24 * 3600,
        nearDueExpedited: TimeInterval = 6 * 3600,
        busyTimeout: TimeInterval = 5,
        directoryCacheSeconds: TimeInterval = 5,
        durability: Durability = .process,
        checkpointInterval: TimeInterval = 0.25,
        walRestartFrames: Int = 16_384
    ) {
        self.checkpointInterval = checkpointInterval
        self.walRestartFrames = walRestartFrames
        self.timeZone = timeZone
        self.nearDueStandard = nearDueStandard
        self.nearDueExpedited = nearDueExpedited
        self.busyTimeout = busyTimeout
        self.directoryCacheSeconds = directoryCacheSeconds
        self.durability = durability
    }

    /// The clock these settings describe.
    public var clock: DecisionClock {
        DecisionClock(timeZone: timeZone, nearDueStandard: nearDueStandard, nearDueExpedited: nearDueExpedited)
    }
}
