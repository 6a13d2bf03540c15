import CaseStore
import FHIR

extension ServicePeriod {
    /// The period a Claim item asks for: `servicedPeriod`, or `servicedDate` as a one-day
    /// period; `nil` when the item gives neither.
    init?(requestItem item: JSON) {
        if let period = item["servicedPeriod"], period.object != nil {
            self.init(start: period["start"]?.string, end: period["end"]?.string)
        } else if let date = item["servicedDate"]?.string {
            self.init(start: date, end: date)
        } else {
            return nil
        }
    }

    /// The earliest start and the latest end among `periods` (ends or starts that are missing
    /// or not FHIR dates are skipped); `nil` for no periods.
    static func spanning(_ periods: [ServicePeriod]) -> ServicePeriod? {
        guard !periods.isEmpty else { return nil }
        // Compared as FHIR date/times, so "2026-03" and "2026-03-05" order by what they mean.
        let starts = periods.compactMap(\.start).compactMap { text in FHIRDateTime(text).map { (text, $0.lowerBound()) } }
        let ends = periods.compactMap(\.end).compactMap { text in FHIRDateTime(text).map { (text, $0.upperBound()) } }
        return ServicePeriod(
            start: starts.min { $0.1 < $1.1 }?.0,
            end: ends.max { $0.1 < $1.1 }?.0)
    }
}
