import FHIR
import Foundation
import Testing

@Suite("FHIR dateTime and instant")
struct FHIRDateTimeTests {
    @Test(arguments: [
        "2026", "2026-03", "2026-03-08", "2026-03-08T01:30:00-05:00", "2026-03-08T06:30:00Z", "2026-03-08T06:30:00.250Z",
        "2026-03-08T06:30:00.1+05:30", "2026-03-08T06:30:00.123456789-00:00", "2026-03-08T06:30:00+00:00",
        "2026-03-08T23:59:60Z", "2026-03-08T00:00:00+14:00", "2026-03-08T00:00:00-13:59", "2024-02-29T12:00:00Z",
    ])
    func validDateTimesRoundTrip(_ text: String) throws {
        let value = try #require(FHIRDateTime(text))
        #expect(value.description == text)
        #expect(FHIRDateTime(value.description) == value)
    }

    @Test(arguments: [
        "2026-03-08T01:30:00", "2026-03-08T01:30Z", "2026-03-08T01:30", "2026-03-08T24:00:00Z", "2026-03-08T23:60:00Z",
        "2026-03-08T23:59:61Z", "2026-03-08T1:30:00Z", "2026-03-08T01:30:00.Z", "2026-03-08T01:30:00+0500",
        "2026-03-08T01:30:00+05", "2026-03-08T01:30:00+14:30", "2026-03-08T01:30:00+15:00", "2026-03-08T01:30:00z",
        "2026-03-08t01:30:00Z", "2026-03T01:30:00Z", "2026T01:30:00Z", "2026-02-30T00:00:00Z", "2026-13-01",
        "2026-1-01", "2026-03-08T01:30:00Z ", "2026-03-08 01:30:00Z",
    ])
    func invalidDateTimesAreRejected(_ text: String) {
        #expect(FHIRDateTime(text) == nil)
        #expect(FHIRInstant(text) == nil)
    }

    @Test func precision() {
        #expect(FHIRDateTime("2026")?.precision == .year)
        #expect(FHIRDateTime("2026-03")?.precision == .month)
        #expect(FHIRDateTime("2026-03-08")?.precision == .day)
        #expect(FHIRDateTime("2026-03-08T01:30:00Z")?.precision == .time)
        #expect(FHIRDateTime("2026-03-08")?.date == nil)
        #expect(FHIRDateTime("2026-03-08T01:30:00.5Z")?.time?.fraction == "5")
    }

    @Test func instantsAreConvertedAcrossOffsets() throws {
        let expected = Date(timeIntervalSince1970: 1_772_951_400)  // 2026-03-08T06:30:00Z
        for text in ["2026-03-08T06:30:00Z", "2026-03-08T01:30:00-05:00", "2026-03-08T12:00:00+05:30", "2026-03-07T20:30:00-10:00",
            "2026-03-08T20:30:00+14:00", "2026-03-08T06:30:00-00:00"]
        {
            let instant = try #require(FHIRInstant(text), "\(text)")
            #expect(instant.date == expected, "\(text)")
            #expect(FHIRDateTime(text)?.date == expected, "\(text)")
        }
        let fractional = try #require(FHIRInstant("2026-03-08T06:30:00.250Z"))
        #expect(fractional.date.timeIntervalSince(expected) == 0.25)
        // Crossing a year boundary through the offset.
        #expect(FHIRInstant("2026-01-01T00:30:00+01:00")?.date == FHIRInstant("2025-12-31T23:30:00Z")?.date)
        // A leap second reads as the first second of the next minute.
        #expect(FHIRInstant("2016-12-31T23:59:60Z")?.date == FHIRInstant("2017-01-01T00:00:00Z")?.date)
        // Leap day.
        #expect(FHIRInstant("2024-02-29T00:00:00Z")?.date == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test func instantsRequireAFullTime() {
        #expect(FHIRInstant("2026-03-08") == nil)
        #expect(FHIRInstant("2026") == nil)
        #expect(FHIRInstant(FHIRDateTime("2026-03")!) == nil)
        #expect(FHIRInstant("2026-03-08T01:30:00-05:00")?.offset.seconds == -18000)
        #expect(FHIRInstant("2026-03-08T01:30:00-05:00")?.description == "2026-03-08T01:30:00-05:00")
    }

    @Test func formattingFromDate() throws {
        let date = Date(timeIntervalSince1970: 1_772_951_400)
        #expect(FHIRDateTime(date).description == "2026-03-08T06:30:00Z")
        #expect(FHIRInstant(date).description == "2026-03-08T06:30:00Z")
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(FHIRDateTime(date, timeZone: newYork).description == "2026-03-08T01:30:00-05:00")
        // Two hours later daylight saving has begun.
        #expect(FHIRDateTime(date.addingTimeInterval(7200), timeZone: newYork).description == "2026-03-08T04:30:00-04:00")
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        #expect(FHIRInstant(date, timeZone: kolkata).description == "2026-03-08T12:00:00+05:30")
        #expect(FHIRInstant(date.addingTimeInterval(0.125)).description == "2026-03-08T06:30:00.125Z")
        #expect(FHIRInstant(Date(timeIntervalSince1970: -0.5)).description == "1969-12-31T23:59:59.500Z")
        // Formatting and reading agree for many instants and zones.
        for offset in stride(from: -3_000_000_000.0, to: 3_000_000_000, by: 123_456_789.5) {
            for zone in [TimeZone.gmt, newYork, kolkata] {
                let moment = Date(timeIntervalSince1970: offset)
                let written = FHIRInstant(moment, timeZone: zone)
                #expect(FHIRInstant(written.description)?.date == moment, "\(written)")
            }
        }
    }

    @Test func boundsOfPartialAndFullValues() throws {
        let full = try #require(FHIRDateTime("2026-03-08T01:30:00.25-05:00"))
        #expect(full.lowerBound(in: TimeZone(identifier: "Asia/Tokyo")!) == full.date)
        #expect(abs(full.upperBound().timeIntervalSince(full.date!) - 0.01) < 1e-6)
        let month = try #require(FHIRDateTime("2026-03"))
        #expect(month.lowerBound() == FHIRDate("2026-03-01")?.lowerBound())
        #expect(month.upperBound() == FHIRDate("2026-04-01")?.lowerBound())
    }

    @Test func offsets() {
        #expect(FHIRTimeZoneOffset.utc.description == "Z")
        #expect(FHIRTimeZoneOffset(seconds: 0)?.description == "Z")
        #expect(FHIRTimeZoneOffset(seconds: -16200)?.description == "-04:30")
        #expect(FHIRTimeZoneOffset(seconds: 50400)?.description == "+14:00")
        #expect(FHIRTimeZoneOffset(seconds: 50460) == nil)
        #expect(FHIRTimeZoneOffset(seconds: 30) == nil)
        #expect(FHIRTimeZoneOffset(seconds: 19800)?.timeZone.secondsFromGMT() == 19800)
    }
}
