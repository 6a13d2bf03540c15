import CaseStore
import FHIR

/// `serviced[x]` of an item: PAS allows full dates only (`YYYY-MM-DD`, the X12 DTP format
/// D8/RD8), and a period must not end before it starts.
enum ServicedDateReader {
    /// The item's service date or period; `nil` when it has none or it is reported as wrong.
    static func read(_ item: JSON, at path: String, problems: inout BundleProblems) -> ServicePeriod? {
        if let date = item["servicedDate"] {
            guard let day = fullDate(date, at: "\(path).servicedDate", problems: &problems) else { return nil }
            return ServicePeriod(start: day.description, end: day.description)
        }
        guard let period = item["servicedPeriod"] else { return nil }
        let start = period["start"].flatMap { fullDate($0, at: "\(path).servicedPeriod.start", problems: &problems) }
        let end = period["end"].flatMap { fullDate($0, at: "\(path).servicedPeriod.end", problems: &problems) }
        if let start, let end, start.lowerBound() > end.lowerBound() {
            problems.add(
                .value, "The service period starts (\(start)) after it ends (\(end)).", at: "\(path).servicedPeriod")
            return nil
        }
        if period["start"] != nil, start == nil { return nil }
        if period["end"] != nil, end == nil { return nil }
        return ServicePeriod(start: start?.description, end: end?.description)
    }

    private static func fullDate(_ value: JSON, at path: String, problems: inout BundleProblems) -> FHIRDate? {
        guard let text = value.string, let date = FHIRDate(text), date.precision == .day else {
            problems.add(
                .value, "PAS service dates must be full dates (YYYY-MM-DD); found \(value.serializedString()).", at: path)
            return nil
        }
        return date
    }
}
