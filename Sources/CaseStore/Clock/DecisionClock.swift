import Foundation

/// The CMS-0057-F decision clock as pure functions: due times, extensions, on-time checks and
/// escalation levels. No database and no "now" of its own, so every rule is tested directly.
///
/// - Expedited: decide within **72 hours** of receipt (elapsed time).
/// - Standard: decide within **7 calendar days** of receipt.
/// - One extension of **at most 14 days**, only with a recorded reason, only before the due time.
/// - The clock does not pause while information is awaited; only a final decision stops it.
public struct DecisionClock: Sendable, Hashable {
    public static let expeditedWindow: TimeInterval = 72 * 3600
    public static let standardDays = 7
    public static let maximumExtensionDays = 14

    /// The plan's time zone, the wall clock for "calendar days".
    public var timeZone: TimeZone {
        didSet { calendar = Self.gregorian(in: timeZone) }
    }
    /// The Gregorian calendar in ``timeZone``, made once: making one (and setting its time
    /// zone) cost more than the date arithmetic every new case asks of it.
    private var calendar: Calendar
    /// How long before the due time a standard case becomes ``EscalationLevel/near``.
    public var nearDueStandard: TimeInterval
    /// How long before the due time an expedited case becomes ``EscalationLevel/near``.
    public var nearDueExpedited: TimeInterval

    public init(
        timeZone: TimeZone = CaseStoreSettings.defaultTimeZone,
        nearDueStandard: TimeInterval = 24 * 3600,
        nearDueExpedited: TimeInterval = 6 * 3600
    ) {
        self.timeZone = timeZone
        self.calendar = Self.gregorian(in: timeZone)
        self.nearDueStandard = nearDueStandard
        self.nearDueExpedited = nearDueExpedited
    }

    private static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The due time of a request received at `receivedAt`.
    public func dueTime(receivedAt: Date, urgency: Urgency) -> Date {
        switch urgency {
        case .expedited: receivedAt.addingTimeInterval(Self.expeditedWindow)
        case .standard: addingCalendarDays(Self.standardDays, to: receivedAt)
        }
    }

    /// `date` plus `days` calendar days, read the way that ends soonest.
    ///
    /// "7 calendar days" has two honest readings when a daylight-saving change falls inside
    /// the window: 7 × 24 elapsed hours, or the same wall-clock time 7 days later in the plan's
    /// time zone. In spring the wall-clock reading is an hour shorter; in autumn the elapsed
    /// reading is. Taking the **earlier** instant means that no reading of the rule could call a
    /// decision late that this clock called on time; the cost is at most an hour of the payer's
    /// own time, on two weeks a year.
    public func addingCalendarDays(_ days: Int, to date: Date) -> Date {
        let elapsed = date.addingTimeInterval(TimeInterval(days) * 24 * 3600)
        // The two readings differ only when the zone's offset from UTC changed in between (two
        // weeks a year); comparing offsets is far cheaper than the calendar's arithmetic, which
        // every new standard case would otherwise pay.
        if timeZone.secondsFromGMT(for: date) == timeZone.secondsFromGMT(for: elapsed) { return elapsed }
        guard let wallClock = calendar.date(byAdding: .day, value: days, to: date) else { return elapsed }
        return min(elapsed, wallClock)
    }

    /// The new due time after extending `dueAt` by `days` calendar days.
    public func extendedDueTime(_ dueAt: Date, days: Int) -> Date {
        addingCalendarDays(days, to: dueAt)
    }

    /// Refuses an extension the rules do not allow, checking in the order a reviewer can fix things.
    public func checkExtension(_ request: DueTimeExtensionRequest, of paCase: PACase, at now: Date)
        throws(CaseStoreError)
    {
        guard !paCase.isDecided else {
            throw CaseStoreError(.caseAlreadyDecided, "case \(paCase.id) is already decided; its clock has stopped")
        }
        guard paCase.dueTimeExtension == nil else {
            throw CaseStoreError(.extensionAlreadyUsed, "case \(paCase.id) has already used its one extension")
        }
        guard !request.reason.isBlank else {
            throw CaseStoreError(.extensionWithoutReason, "an extension needs a recorded reason")
        }
        guard request.days > 0 else {
            throw CaseStoreError(.extensionNotPositive, "an extension must add at least one day (got \(request.days))")
        }
        guard request.days <= Self.maximumExtensionDays else {
            throw CaseStoreError(
                .extensionTooLong,
                "an extension may add at most \(Self.maximumExtensionDays) days (got \(request.days))"
            )
        }
        guard now <= paCase.effectiveDueAt else {
            throw CaseStoreError(
                .extensionAfterDueTime,
                "case \(paCase.id) is past its due time; an extension must come before it"
            )
        }
    }

    /// Whether a decision at `decidedAt` meets `dueAt`. A decision at the due time itself is on time.
    public func isOnTime(decidedAt: Date, dueAt: Date) -> Bool {
        decidedAt <= dueAt
    }

    /// How long before its due time a case of this urgency counts as near due.
    public func nearDueThreshold(for urgency: Urgency) -> TimeInterval {
        switch urgency {
        case .expedited: nearDueExpedited
        case .standard: nearDueStandard
        }
    }

    /// The level an undecided case is at, at `now`. Past the due time (strictly) is overdue.
    public func escalation(at now: Date, dueAt: Date, urgency: Urgency) -> EscalationLevel {
        if now > dueAt { return .overdue }
        if now >= dueAt.addingTimeInterval(-nearDueThreshold(for: urgency)) { return .near }
        return .none
    }
}
