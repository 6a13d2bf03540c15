import Foundation

/// Proleptic Gregorian date arithmetic, as ISO 8601 and FHIR define dates.
///
/// Done by hand (Howard Hinnant's `days_from_civil` algorithms) rather than with Foundation's
/// `Calendar` because it is exact, fast, never consults the machine's local time zone, and
/// does not switch to the Julian calendar before 1582 as Foundation's Gregorian calendar does.
public enum CivilCalendar {
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given day (negative before it).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The day `days` after 1970-01-01.
    public static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The instant at which a wall-clock time (seconds since 1970-01-01T00:00 local) occurs in
    /// `timeZone`. In a daylight-saving gap, where that wall time never occurs, the result is
    /// the instant the gap's offset arithmetic gives (just after the gap).
    public static func instant(localSeconds: Int, in timeZone: TimeZone) -> Date {
        let guess = localSeconds - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localSeconds)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
        return Date(timeIntervalSince1970: TimeInterval(localSeconds - offset))
    }

    /// Wall-clock fields of `date` at a fixed offset from UTC, to the millisecond.
    public static func fields(of date: Date, offsetSeconds: Int)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int)
    {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var millisecond = Int(((interval - interval.rounded(.down)) * 1000).rounded())
        if millisecond == 1000 {
            seconds += 1
            millisecond = 0
        }
        let local = seconds + offsetSeconds
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = local - days * 86400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, millisecond)
    }
}
