@testable import CaseStore
import Foundation
import GRDB
import Testing

/// ``StorageTime`` writes by arithmetic the text GRDB's `DateFormatter` and Foundation's ISO 8601
/// style write: compared with them here over random instants, sub-millisecond fractions and
/// exact half milliseconds included (where rounding differs first).
@Suite struct StorageTimeTests {
    /// 1900-01-01 to 2200-01-01, in seconds since 1970.
    static let range = -2_208_988_800.0...7_258_118_400.0

    static func instants(count: Int) -> [Date] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).flatMap { _ -> [Date] in
            let seconds = Double.random(in: range, using: &generator)
            let millisecond = (seconds * 1000).rounded(.down)
            return [
                Date(timeIntervalSince1970: seconds),
                Date(timeIntervalSince1970: millisecond / 1000),
                Date(timeIntervalSince1970: (millisecond + 0.5) / 1000),
                Date(timeIntervalSince1970: (millisecond + 0.9996) / 1000),
            ]
        }
    }

    @Test func textIsGRDBs() {
        for date in Self.instants(count: 20_000) {
            #expect(StorageTime.text(date) == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func iso8601IsTheEventTrailsFormat() {
        for date in Self.instants(count: 5_000) {
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
            let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
            guard fraction >= 0 else { continue }  // Foundation's own text is only comparable after 1970 this way
            let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
            #expect(StorageTime.iso8601(date) == whole.dropLast() + String(format: ".%03dZ", Int(fraction)))
        }
    }

    @Test func knownInstants() {
        let date = Date(timeIntervalSince1970: 1_772_722_800.123)  // 2026-03-05 15:00:00.123 UTC
        #expect(StorageTime.text(date) == "2026-03-05 15:00:00.123")
        #expect(StorageTime.iso8601(date) == "2026-03-05T15:00:00.123Z")
        // The last millisecond of a day rounds into the next day.
        let late = Date(timeIntervalSince1970: 1_772_755_199.9996)
        #expect(StorageTime.text(late) == "2026-03-06 00:00:00.000")
        #expect(StorageTime.text(Date(timeIntervalSince1970: -1.5)) == "1969-12-31 23:59:58.500")
    }

    @Test func yearsOutsideTheFastPathFallBackToGRDB() {
        let medieval = Date(timeIntervalSince1970: -20_000_000_000)  // 1336
        #expect(StorageTime.text(medieval) == String.fromDatabaseValue(medieval.databaseValue))
    }

    @Test func storableReadsBackAsStored() {
        for date in Self.instants(count: 2_000) {
            #expect(StorageTime.storable(date) == Date.fromDatabaseValue(date.databaseValue))
        }
    }
}
