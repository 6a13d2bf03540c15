import CivilTime
import Foundation
import Testing

/// ``UTCTimestamp`` writes by arithmetic what Foundation writes through its calendar.
@Suite struct UTCTimestampTests {
    /// 1900-01-01 to 2200-01-01, in seconds since 1970.
    static let range = -2_208_988_800.0...7_258_118_400.0

    @Test func iso8601SecondsIsFoundationsISO8601Style() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let seconds = Double.random(in: Self.range, using: &generator)
            for date in [Date(timeIntervalSince1970: seconds), Date(timeIntervalSince1970: seconds.rounded(.down))] {
                #expect(UTCTimestamp.iso8601Seconds(date) == date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
            }
        }
    }

    @Test func textWithAndWithoutTheFraction() {
        // 2026-03-05T15:00:00.123Z
        let milliseconds = 1_772_722_800_123.0
        #expect(UTCTimestamp.text(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: "T"), fraction: true, zone: "Z")
            == "2026-03-05T15:00:00.123Z")
        #expect(UTCTimestamp.text(milliseconds: milliseconds, dateTimeSeparator: UInt8(ascii: " "), fraction: false, zone: "")
            == "2026-03-05 15:00:00")
        // Before 1970 the day and time count back from the epoch.
        #expect(UTCTimestamp.text(milliseconds: -1, dateTimeSeparator: UInt8(ascii: "T"), fraction: true, zone: "Z")
            == "1969-12-31T23:59:59.999Z")
    }

    @Test func yearsOutsideTheRangeAreLeftToTheCaller() {
        let year1800 = -5_364_662_400_000.0
        #expect(UTCTimestamp.text(milliseconds: year1800, dateTimeSeparator: UInt8(ascii: "T"), fraction: false, zone: "Z") == nil)
        #expect(UTCTimestamp.text(milliseconds: .infinity, dateTimeSeparator: UInt8(ascii: "T"), fraction: false, zone: "Z") == nil)
        // iso8601Seconds falls back to Foundation there.
        let date = Date(timeIntervalSince1970: year1800 / 1000)
        #expect(UTCTimestamp.iso8601Seconds(date) == date.formatted(.iso8601))
    }
}
