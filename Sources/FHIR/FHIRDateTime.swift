import CivilTime
import Foundation

/// A FHIR `dateTime`: a `date` of any precision (`2026`, `2026-03`, `2026-03-08`), or a full
/// time with seconds and a required offset (`2026-03-08T01:30:00-05:00`,
/// `2026-03-08T06:30:00.250Z`).
///
/// The value remembers how it was written — precision, fractional digits and offset — so it
/// formats back to the same text. ``date`` gives the instant of a full value; partial values
/// name a period whose bounds depend on a time zone the caller chooses.
public struct FHIRDateTime: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public enum Precision: Int, Sendable, Hashable, Comparable {
        case year, month, day
        /// Seconds, possibly with a fraction (see ``Time/fraction``).
        case time

        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Time of day with the offset it was recorded in.
    public struct Time: Sendable, Hashable {
        /// 0 through 23.
        public let hour: Int
        /// 0 through 59.
        public let minute: Int
        /// 0 through 60 (60 only for a leap second, as the R4 grammar allows).
        public let second: Int
        /// The digits after the decimal point, as written (`"250"` for `.250`), or `nil`.
        public let fraction: String?
        public let offset: FHIRTimeZoneOffset

        /// `nil` when a field is out of range or `fraction` is empty or not all digits.
        public init?(hour: Int, minute: Int, second: Int, fraction: String? = nil, offset: FHIRTimeZoneOffset) {
            guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
            if let fraction, fraction.isEmpty || DateText.number(fraction.utf8) == nil { return nil }
            self.hour = hour
            self.minute = minute
            self.second = second
            self.fraction = fraction
            self.offset = offset
        }

        /// The fraction of a second as a number (0 when none).
        var fractionalSeconds: TimeInterval {
            fraction.flatMap { Double("0." + $0) } ?? 0
        }
    }

    /// The day, month or year part.
    public let calendarDate: FHIRDate
    /// The time of day, when the value is precise to the second.
    public let time: Time?

    /// A partial dateTime naming a year, month or day.
    public init(_ calendarDate: FHIRDate) {
        self.calendarDate = calendarDate
        self.time = nil
    }

    /// A full dateTime; `nil` when `time` is given on a date that is not precise to the day
    /// (FHIR times always come with a full date).
    public init?(_ calendarDate: FHIRDate, time: Time) {
        guard calendarDate.precision == .day else { return nil }
        self.calendarDate = calendarDate
        self.time = time
    }

    /// `date` as seen in `timeZone`, with milliseconds when it has a fraction of a second.
    /// Zero offsets are written `Z`.
    public init(_ date: Date, timeZone: TimeZone = .gmt) {
        let offsetSeconds = (timeZone.secondsFromGMT(for: date) / 60) * 60  // FHIR offsets are whole minutes.
        let fields = CivilCalendar.fields(of: date, offsetSeconds: offsetSeconds)
        guard let calendarDate = FHIRDate(year: fields.year, month: fields.month, day: fields.day),
            let offset = FHIRTimeZoneOffset(seconds: offsetSeconds),
            let time = Time(
                hour: fields.hour, minute: fields.minute, second: fields.second,
                fraction: fields.millisecond == 0 ? nil : DateText.pad(fields.millisecond, 3), offset: offset)
        else { preconditionFailure("\(date) in \(timeZone.identifier) cannot be written as a FHIR dateTime") }
        self.calendarDate = calendarDate
        self.time = time
    }

    /// Reads the R4 `dateTime` grammar: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or
    /// `YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)`, with real month lengths and leap years.
    /// A time without an offset is rejected, as R4 requires.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        func field(_ range: Range<Int>) -> Int? {
            range.upperBound <= bytes.count ? DateText.number(bytes[range]) : nil
        }
        func separator(_ at: Int, _ ascii: Unicode.Scalar) -> Bool {
            at < bytes.count && bytes[at] == UInt8(ascii: ascii)
        }
        // Date part: lengths 4, 7 or 10 before any time.
        guard let year = field(0..<4) else { return nil }
        var month: Int?
        var day: Int?
        var position = 4
        if position < bytes.count {
            guard separator(4, "-"), let value = field(5..<7) else { return nil }
            month = value
            position = 7
        }
        if position < bytes.count, bytes[position] != UInt8(ascii: "T") {
            guard separator(7, "-"), let value = field(8..<10) else { return nil }
            day = value
            position = 10
        }
        guard let calendarDate = FHIRDate(year: year, month: month, day: day) else { return nil }
        guard position < bytes.count else {
            self.init(calendarDate)
            return
        }
        // Time part: Thh:mm:ss[.fraction]offset, only after a full date.
        guard position == 10, separator(10, "T"), let hour = field(11..<13), separator(13, ":"),
            let minute = field(14..<16), separator(16, ":"), let second = field(17..<19)
        else { return nil }
        position = 19
        var fraction: String?
        if separator(19, ".") {
            var end = 20
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
            guard end > 20 else { return nil }
            fraction = String(decoding: bytes[20..<end], as: UTF8.self)
            position = end
        }
        let offsetText = Substring(String(decoding: bytes[position...], as: UTF8.self))
        guard let offset = FHIRTimeZoneOffset(parsing: offsetText),
            let time = Time(hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
        else { return nil }
        self.init(calendarDate, time: time)
    }

    public var precision: Precision {
        time != nil ? .time : Precision(rawValue: calendarDate.precision.rawValue)!
    }

    public var year: Int { calendarDate.year }
    public var month: Int? { calendarDate.month }
    public var day: Int? { calendarDate.day }

    /// The instant, when the value has a time (and so an offset); `nil` for partial values.
    public var date: Date? {
        guard let time, let month, let day else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let local = days * 86400 + time.hour * 3600 + time.minute * 60 + time.second
        return Date(timeIntervalSince1970: TimeInterval(local - time.offset.seconds) + time.fractionalSeconds)
    }

    /// When the period this value names begins: the instant itself for a full value, else
    /// midnight of its first day in `timeZone`.
    public func lowerBound(in timeZone: TimeZone = .gmt) -> Date {
        date ?? calendarDate.lowerBound(in: timeZone)
    }

    /// When the period ends (exclusive): one unit of the written precision after a full value
    /// (a second, or 1/10ⁿ of one for n fractional digits), else midnight after its last day in `timeZone`.
    public func upperBound(in timeZone: TimeZone = .gmt) -> Date {
        guard let date, let time else { return calendarDate.upperBound(in: timeZone) }
        let unit = pow(10, -Double(time.fraction?.count ?? 0))
        return date.addingTimeInterval(unit)
    }

    /// The text: as precise as the value, with its fraction and offset as they were written.
    public var description: String {
        guard let time else { return calendarDate.description }
        var text = calendarDate.description + "T" + DateText.pad(time.hour, 2) + ":" + DateText.pad(time.minute, 2) + ":"
            + DateText.pad(time.second, 2)
        if let fraction = time.fraction { text += "." + fraction }
        return text + time.offset.description
    }
}
