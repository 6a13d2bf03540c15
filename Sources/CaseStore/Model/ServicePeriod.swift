/// When a service is to happen, as FHIR dates (`2026-03-05`).
///
/// Kept as the text the request carried: turning a date into an instant needs a time zone,
/// and picking one here could move a service by a day.
public struct ServicePeriod: Sendable, Hashable, Codable {
    public var start: String?
    public var end: String?

    public init(start: String? = nil, end: String? = nil) {
        self.start = start
        self.end = end
    }
}
