import FHIR
import Foundation
import Testing

@Suite("FHIR date")
struct FHIRDateTests {
    @Test(arguments: ["2026", "2026-03", "2026-03-08", "0001", "9999-12-31", "2024-02-29", "2000-02-29", "1900-02-28"])
    func validDatesRoundTrip(_ text: String) throws {
        let date = try #require(FHIRDate(text))
        #expect(date.description == text)
        #expect(FHIRDate(date.description) == date)
    }

    @Test(arguments: [
        "", "26", "2026-1", "2026-1-01", "2026-01-1", "2026-13-01", "2026-00-10", "2026-02-30", "2026-02-29", "1900-02-29",
        "2026-04-31", "0000", "2026-03-08T00:00:00Z", "2026-03-08Z", "2026/03/08", " 2026", "2026-03-08 ", "２０２６",
    ])
    func invalidDatesAreRejected(_ text: String) {
        #expect(FHIRDate(text) == nil)
    }

    @Test func precisionAndFields() throws {
        #expect(FHIRDate("2026")?.precision == .year)
        #expect(FHIRDate("2026-03")?.precision == .month)
        let day = try #require(FHIRDate("2026-03-08"))
        #expect(day.precision == .day)
        #expect((day.year, day.month, day.day) == (2026, 3, 8))
        #expect(FHIRDate(year: 2026, month: 2, day: 29) == nil)
        #expect(FHIRDate(year: 2028, month: 2, day: 29)?.description == "2028-02-29")
        #expect(FHIRDate(year: 2026, day: 1) == nil)
        #expect(FHIRDate(year: 10_000) == nil)
        #expect(FHIRDate(year: 7, month: 1)?.description == "0007-01")
    }

    @Test func leapYears() {
        for year in [1600, 2000, 2004, 2024, 2400] {
            #expect(FHIRDate("\(year)-02-29") != nil, "\(year)")
        }
        for year in [1700, 1800, 1900, 2023, 2100] {
            #expect(FHIRDate("\(year)-02-29") == nil, "\(year)")
        }
    }

    @Test func boundsInATimeZone() throws {
        let gmt = TimeZone(identifier: "GMT")!
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let day = try #require(FHIRDate("2024-02-29"))
        #expect(day.lowerBound(in: gmt) == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(day.upperBound(in: gmt) == Date(timeIntervalSince1970: 1_709_164_800 + 86400))
        #expect(day.lowerBound(in: newYork) == Date(timeIntervalSince1970: 1_709_164_800 + 5 * 3600))
        // The day daylight saving starts in New York is 23 hours long.
        let springForward = try #require(FHIRDate("2026-03-08"))
        #expect(springForward.upperBound(in: newYork).timeIntervalSince(springForward.lowerBound(in: newYork)) == 23 * 3600)
        let leapYear = try #require(FHIRDate("2024"))
        #expect(leapYear.upperBound().timeIntervalSince(leapYear.lowerBound()) == 366 * 86400)
        let february = try #require(FHIRDate("2026-02"))
        #expect(february.upperBound().timeIntervalSince(february.lowerBound()) == 28 * 86400)
        let december = try #require(FHIRDate("2026-12"))
        #expect(december.upperBound() == FHIRDate("2027")?.lowerBound())
    }

    @Test func fromDate() throws {
        let instant = Date(timeIntervalSince1970: 1_772_951_400)  // 2026-03-08T06:30:00Z
        #expect(FHIRDate(instant).description == "2026-03-08")
        #expect(FHIRDate(instant, timeZone: TimeZone(identifier: "Pacific/Honolulu")!).description == "2026-03-07")
        #expect(FHIRDate(instant, timeZone: TimeZone(identifier: "Pacific/Kiritimati")!).description == "2026-03-08")
        #expect(FHIRDate(Date(timeIntervalSince1970: -62_135_596_800)).description == "0001-01-01")
        #expect(FHIRDate(Date(timeIntervalSince1970: -1)).description == "1969-12-31")
    }
}
