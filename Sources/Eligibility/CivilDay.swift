import FHIR
import Foundation

/// Whether a calendar day falls in a FHIR period, at day precision: coverage periods are days
/// (a dateTime counts as its day; a partial date such as `2026` counts as the whole year).
public enum CivilDay {
    public static func isWithin(_ today: String, start: String?, end: String?) -> Bool {
        guard let day = FHIRDateTime(today)?.calendarDate else { return true }
        let at = day.lowerBound()
        if let start, let first = FHIRDateTime(start)?.calendarDate, at < first.lowerBound() { return false }
        if let end, let last = FHIRDateTime(end)?.calendarDate, at >= last.upperBound() { return false }
        return true
    }
}
