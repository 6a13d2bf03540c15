import Foundation

/// Instants written as UTC text by arithmetic, for the paths that write several per request
/// (case rows and events, rule evaluation records): `DateFormatter` and Foundation's format
/// styles cost microseconds a call there. Tests compare the text with Foundation's and GRDB's
/// over random instants.
public enum UTCTimestamp {
    /// The years written here; others (never met in practice) are left to the caller's
    /// formatter, which has its own ideas about the Julian calendar and year zero.
    public static let years = 1900...9999

    /// `milliseconds` since 1970 as `yyyy-MM-dd<separator>HH:mm:ss[.SSS]<zone>`; `nil` outside
    /// ``years``.
    public static func text(milliseconds: Double, dateTimeSeparator: UInt8, fraction: Bool, zone: String) -> String? {
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
        if fraction {
            bytes.append(UInt8(ascii: "."))
            put(millisecondOfDay % 1000, digits: 3)
        }
        bytes.append(contentsOf: zone.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-03-05T15:00:00Z`: what `date.formatted(.iso8601)` writes (whole seconds, the
    /// fraction dropped).
    public static func iso8601Seconds(_ date: Date) -> String {
        // Rounded down, so that an instant before 1970 with a fraction falls in the second it
        // started in, as Foundation's calendar arithmetic has it.
        let milliseconds = date.timeIntervalSince1970.rounded(.down) * 1000
        return text(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: "T"), fraction: false, zone: "Z")
            ?? date.formatted(.iso8601)
    }
}
