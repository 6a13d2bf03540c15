import Foundation
import Testing

@testable import CaseStore

/// The clock's rules on their own, without a database.
struct DecisionClockTests {
    let clock = DecisionClock(timeZone: TimeZone(identifier: "America/New_York")!)

    @Test func expeditedIsDue72HoursAfterReceipt() {
        let received = Dates.mondayMorning
        #expect(
            clock.dueTime(receivedAt: received, urgency: .expedited) == received.addingTimeInterval(72 * Dates.hour)
        )
    }

    @Test func standardIsDue7CalendarDaysAfterReceipt() {
        let received = Dates.at("2026-04-06T10:00:00-04:00")
        #expect(clock.dueTime(receivedAt: received, urgency: .standard) == Dates.at("2026-04-13T10:00:00-04:00"))
    }

    /// Clocks spring forward on Sunday 2026-03-08 in New York: the same wall-clock time 7 days
    /// later is only 167 elapsed hours away, so that earlier reading is the due time.
    @Test func standardAcrossSpringForwardTakesTheWallClockReading() {
        let received = Dates.at("2026-03-05T10:00:00-05:00")
        let due = clock.dueTime(receivedAt: received, urgency: .standard)
        #expect(due == Dates.at("2026-03-12T10:00:00-04:00"))
        #expect(due.timeIntervalSince(received) == 167 * Dates.hour)
        #expect(due < received.addingTimeInterval(7 * Dates.day))
    }

    /// Clocks fall back on Sunday 2026-11-01: 7 × 24 elapsed hours end at 09:00 wall-clock,
    /// an hour before the wall-clock reading, so the elapsed reading is the due time.
    @Test func standardAcrossFallBackTakesTheElapsedReading() {
        let received = Dates.at("2026-10-29T10:00:00-04:00")
        let due = clock.dueTime(receivedAt: received, urgency: .standard)
        #expect(due == Dates.at("2026-11-05T09:00:00-05:00"))
        #expect(due.timeIntervalSince(received) == 168 * Dates.hour)
    }

    @Test func expeditedAcrossSpringForwardIsExactly72ElapsedHours() {
        let received = Dates.at("2026-03-06T12:00:00-05:00")
        let due = clock.dueTime(receivedAt: received, urgency: .expedited)
        #expect(due.timeIntervalSince(received) == 72 * Dates.hour)
        #expect(due == Dates.at("2026-03-09T13:00:00-04:00"))  // 13:00 on the wall: the clock jumped
    }

    @Test func expeditedAcrossFallBackIsExactly72ElapsedHours() {
        let received = Dates.at("2026-10-31T12:00:00-04:00")
        let due = clock.dueTime(receivedAt: received, urgency: .expedited)
        #expect(due.timeIntervalSince(received) == 72 * Dates.hour)
        #expect(due == Dates.at("2026-11-03T11:00:00-05:00"))
    }

    /// The clock compares UTC offsets before doing calendar arithmetic; it must give what the
    /// calendar reading gives at every hour of two years, in zones with whole-hour, half-hour
    /// and no daylight-saving changes, for the standard 7 days and for extensions.
    @Test(arguments: ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Phoenix", "Asia/Kolkata", "UTC"])
    func calendarDaysMatchTheCalendarEveryHour(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let clock = DecisionClock(timeZone: timeZone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = Dates.at("2026-01-01T00:30:00Z")
        for hour in 0..<(2 * 365 * 24) {
            let date = start.addingTimeInterval(TimeInterval(hour) * Dates.hour)
            for days in [7, 14] {
                let elapsed = date.addingTimeInterval(TimeInterval(days) * Dates.day)
                let expected = min(elapsed, calendar.date(byAdding: .day, value: days, to: date) ?? elapsed)
                #expect(clock.addingCalendarDays(days, to: date) == expected, "\(zone) \(date) + \(days) days")
            }
        }
    }

    @Test func theTimeZoneComesFromTheSettings() {
        // Phoenix keeps no daylight-saving time, so both readings agree there.
        let phoenix = DecisionClock(timeZone: TimeZone(identifier: "America/Phoenix")!)
        let received = Dates.at("2026-03-05T10:00:00-07:00")
        #expect(phoenix.dueTime(receivedAt: received, urgency: .standard) == received.addingTimeInterval(7 * Dates.day))
    }

    @Test func anExtensionAddsCalendarDaysTheConservativeWay() {
        let due = Dates.at("2026-10-25T10:00:00-04:00")
        // 14 days later crosses the fall-back change: the elapsed reading (09:00 EST) is earlier.
        #expect(clock.extendedDueTime(due, days: 14) == Dates.at("2026-11-08T09:00:00-05:00"))
    }

    @Test func aDecisionAtTheDueTimeIsOnTimeAndOneSecondLaterIsLate() {
        let due = Dates.mondayMorning
        #expect(clock.isOnTime(decidedAt: due, dueAt: due))
        #expect(clock.isOnTime(decidedAt: due.addingTimeInterval(-1), dueAt: due))
        #expect(!clock.isOnTime(decidedAt: due.addingTimeInterval(1), dueAt: due))
    }

    @Test func escalationThresholdsDependOnUrgency() {
        let due = Dates.mondayMorning
        #expect(
            clock.escalation(at: due.addingTimeInterval(-24 * Dates.hour - 1), dueAt: due, urgency: .standard) == .none
        )
        #expect(clock.escalation(at: due.addingTimeInterval(-24 * Dates.hour), dueAt: due, urgency: .standard) == .near)
        #expect(clock.escalation(at: due.addingTimeInterval(-7 * Dates.hour), dueAt: due, urgency: .expedited) == .none)
        #expect(clock.escalation(at: due.addingTimeInterval(-6 * Dates.hour), dueAt: due, urgency: .expedited) == .near)
        #expect(clock.escalation(at: due, dueAt: due, urgency: .expedited) == .near)
        #expect(clock.escalation(at: due.addingTimeInterval(1), dueAt: due, urgency: .expedited) == .overdue)
    }

    @Test func extensionRulesAreCheckedBeforeAnythingIsWritten() {
        let open = PACase(
            id: "GL-TEST",
            submitter: "org",
            requestIdentifier: RequestIdentifier(value: "r"),
            memberID: "M",
            urgency: .standard,
            receivedAt: Dates.mondayMorning,
            dueAt: Dates.mondayMorning.addingTimeInterval(7 * Dates.day),
            requestJSON: "{}"
        )
        let now = Dates.mondayMorning.addingTimeInterval(Dates.day)
        func request(_ days: Int, _ reason: String = "Awaiting records from a non-contract provider")
            -> DueTimeExtensionRequest
        {
            DueTimeExtensionRequest(days: days, reason: reason, actor: "reviewer-1")
        }

        #expect(throws: Never.self) { try clock.checkExtension(request(14), of: open, at: now) }
        #expect(throws: Never.self) { try clock.checkExtension(request(1), of: open, at: now) }
        expectSyncError(.extensionTooLong) { try clock.checkExtension(request(15), of: open, at: now) }
        expectSyncError(.extensionNotPositive) { try clock.checkExtension(request(0), of: open, at: now) }
        expectSyncError(.extensionNotPositive) { try clock.checkExtension(request(-3), of: open, at: now) }
        expectSyncError(.extensionWithoutReason) { try clock.checkExtension(request(5, ""), of: open, at: now) }
        expectSyncError(.extensionWithoutReason) { try clock.checkExtension(request(5, " \n\t"), of: open, at: now) }
        expectSyncError(.extensionAfterDueTime) {
            try clock.checkExtension(request(5), of: open, at: open.dueAt.addingTimeInterval(1))
        }

        var extended = open
        extended.dueTimeExtension = DueTimeExtension(
            dueAt: open.dueAt.addingTimeInterval(Dates.day),
            days: 1,
            reason: "r",
            grantedBy: "x",
            grantedAt: now
        )
        expectSyncError(.extensionAlreadyUsed) { try clock.checkExtension(request(1), of: extended, at: now) }

        var decided = open
        decided.decidedAt = now
        decided.status = .approved
        expectSyncError(.caseAlreadyDecided) { try clock.checkExtension(request(1), of: decided, at: now) }
    }
}
