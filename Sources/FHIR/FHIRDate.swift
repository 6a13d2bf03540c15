import CivilTime
import Foundation

/// A FHIR `date`: a calendar day, month or year with no time and no time zone
/// (`2026`, `2026-03`, `2026-03-08`). Birth dates and service dates are written this way.
///
/// The precision is part of the value: `2026-03` means "some time in March 2026", and it is
/// written back as `2026-03`. Turning it into instants needs a time zone, which the caller
/// chooses (``lowerBound(in:)``); the machine's local zone is never used.
public struct FHIRDate: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public enum Precision: Int, Sendable, Hashable, Comparable {
        case year, month, day

        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// 1 through 9999.
    public let year: Int
    /// 1 through 12, when the precision is month or day.
    public let month: Int?
    /// 1 through the month's length, when the precision is day.
    public let day: Int?

    /// A date of year, month or day precision; `nil` when out of range (`day` 30 in
    /// February, month 13, year 0) or when `day` is given without `month`.
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day, !(1...CivilCalendar.daysInMonth(month, year: year)).contains(day) { return nil }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the R4 `date` grammar, with real month lengths).
    public init?(_ text: String) {
        guard let parsed = FHIRDateTime(text), parsed.time == nil else { return nil }
        self = parsed.calendarDate
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, timeZone: TimeZone = .gmt) {
        let fields = CivilCalendar.fields(of: date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        precondition((1...9999).contains(fields.year), "\(date) is outside the years FHIR can write")
        self.year = fields.year
        self.month = fields.month
        self.day = fields.day
    }

    public var precision: Precision {
        day != nil ? .day : (month != nil ? .month : .year)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the value.
    public var description: String {
        var text = DateText.pad(year, 4)
        if let month { text += "-" + DateText.pad(month, 2) }
        if let day { text += "-" + DateText.pad(day, 2) }
        return text
    }

    /// When the period this date names begins in `timeZone`: midnight of its first day.
    public func lowerBound(in timeZone: TimeZone = .gmt) -> Date {
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month ?? 1, day: day ?? 1)
        return CivilCalendar.instant(localSeconds: days * 86400, in: timeZone)
    }

    /// When the period ends in `timeZone`: midnight after its last day (exclusive).
    public func upperBound(in timeZone: TimeZone = .gmt) -> Date {
        let first = CivilCalendar.daysSinceEpoch(year: year, month: month ?? 1, day: day ?? 1)
        let length: Int
        switch precision {
        case .year: length = CivilCalendar.isLeapYear(year) ? 366 : 365
        case .month: length = CivilCalendar.daysInMonth(month!, year: year)
        case .day: length = 1
        }
        return CivilCalendar.instant(localSeconds: (first + length) * 86400, in: timeZone)
    }
}
