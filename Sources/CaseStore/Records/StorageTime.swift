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
    /// The years written here; others (never stored in practice) go through GRDB's formatter,
    /// which switches to the Julian calendar before 1582 and has its own idea of year zero.
    private static let years = 1900...9999

    /// The text GRDB stores for `date`: `yyyy-MM-dd HH:mm:ss.SSS` in UTC. Like GRDB's formatter,
    /// it rounds to the nearest millisecond, halves up.
    static func text(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000 + 0.5)
            .rounded(.down)
        guard let text = format(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: " "), zone: "") else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        return text
    }

    /// `2026-03-05T15:00:00.123Z`, from the time rounded to whole milliseconds (halves away from
    /// zero), the way the events have always shown it.
    static func iso8601(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        if let text = format(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: "T"), zone: "Z") { return text }
        let (seconds, fraction) = Int64(milliseconds).quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)  // …T15:00:00Z
        return whole.dropLast() + String(format: ".%03dZ", Int(fraction))
    }

    /// `date` as it reads back from the database: to the millisecond, as stored.
    static func storable(_ date: Date) -> Date {
        Date.fromDatabaseValue(text(date).databaseValue) ?? date
    }

    /// The fields of `milliseconds` since 1970 in UTC, written out; `nil` outside ``years``.
    private static func format(milliseconds: Double, dateTimeSeparator: UInt8, zone: String) -> String? {
        guard milliseconds.isFinite, abs(milliseconds) < 1e15 else { return nil }
        let total = Int64(milliseconds)
        let days = total >= 0 ? total / 86_400_000 : (total - 86_399_999) / 86_400_000
        let millisecondOfDay = Int(total - days * 86_400_000)
        let (year, month, day) = CivilCalendar.civilDate(daysSinceEpoch: Int(days))
        guard years.contains(year) else { return nil }
        let secondOfDay = millisecondOfDay / 1000
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        put(year, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        put(month, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, digits: 2)
        bytes.append(dateTimeSeparator)
        put(secondOfDay / 3600, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 3600 / 60, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, digits: 2)
        bytes.append(UInt8(ascii: "."))
        put(millisecondOfDay % 1000, digits: 3)
        bytes.append(contentsOf: zone.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Date {
    /// The text GRDB would store for this date (``StorageTime/text(_:)``), for binding.
    var storageText: String { StorageTime.text(self) }
}
