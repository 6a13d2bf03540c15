import Foundation

/// Policy knobs of the case store: the plan's time zone and when a case counts as "near due".
public struct CaseStoreSettings: Sendable, Hashable {
    /// The plan's time zone. "7 calendar days" needs a wall clock, and this is the one used.
    public var timeZone: TimeZone
    /// How long before its due time a standard case is flagged as near due (seconds).
    public var nearDueStandard: TimeInterval
    /// How long before its due time an expedited case is flagged as near due (seconds).
    public var nearDueExpedited: TimeInterval
    /// How long a writer waits for a lock held by another connection or process (seconds).
    public var busyTimeout: TimeInterval
    /// How long payers, plans and registered clients are served from memory (seconds). This
    /// process's writes are seen at once; another process's (the command line writing the
    /// same file) within this time.
    public var directoryCacheSeconds: TimeInterval

    /// The plan time zone used when none is given.
    public static let defaultTimeZone = TimeZone(identifier: "America/New_York")!

    public init(
        timeZone: TimeZone = CaseStoreSettings.defaultTimeZone,
        nearDueStandard: TimeInterval = 24 * 3600,
        nearDueExpedited: TimeInterval = 6 * 3600,
        busyTimeout: TimeInterval = 5,
        directoryCacheSeconds: TimeInterval = 5
    ) {
        self.timeZone = timeZone
        self.nearDueStandard = nearDueStandard
        self.nearDueExpedited = nearDueExpedited
        self.busyTimeout = busyTimeout
        self.directoryCacheSeconds = directoryCacheSeconds
    }

    /// The clock these settings describe.
    public var clock: DecisionClock {
        DecisionClock(timeZone: timeZone, nearDueStandard: nearDueStandard, nearDueExpedited: nearDueExpedited)
    }
}
