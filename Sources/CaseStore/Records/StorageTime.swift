import CivilTime
import Foundation
internal import GRDB

/// Times as the case store writes them, without `DateFormatter`.
///
/// GRDB stores a `Date` as `2026-03-05 15:00:00.123` (UTC, milliseconds) through a shared
/// `DateFormatter`, and the event trail writes `2026-03-05T15:00:00.123Z` through Foundation's
/// ISO 8601 style: together ~4% of the CPU of a PAS submission, which writes a dozen times.
/// These write the same text by arithmetic (a test compares them with GRDB's and Foundation's
/// over a range of random instants); reading stays GRDB's.
enum StorageTime {
    /// The text GRDB stores for `date`: `yyyy-MM-dd HH:mm:ss.SSS` in UTC. Like GRDB's formatter,
    /// it rounds to the nearest millisecond, halves up.
    static func text(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000 + 0.5)
            .rounded(.down)
        // Years outside UTCTimestamp.years (never stored in practice) go through GRDB's formatter.
        guard let text = UTCTimestamp.text(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: " "), fraction: true, zone: "") else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        return text
    }

    /// `2026-03-05T15:00:00.123Z`, from the time rounded to whole milliseconds (halves away from
    /// zero), the way the events have always shown it.
    static func iso8601(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        if let text = UTCTimestamp.text(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: "T"), fraction: true, zone: "Z") {
            return text
        }
        let (seconds, fraction) = Int64(milliseconds).quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)  // …T15:00:00Z
        return whole.dropLast() + String(format: ".%03dZ", Int(fraction))
    }

    /// `date` as it reads back from the database: to the millisecond, as stored.
    static func storable(_ date: Date) -> Date {
        Date.fromDatabaseValue(text(date).databaseValue) ?? date
    }
}

extension Date {
    /// The text GRDB would store for this date (``StorageTime/text(_:)``), for binding.
    var storageText: String { StorageTime.text(self) }
}
