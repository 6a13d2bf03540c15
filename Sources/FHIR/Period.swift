/// A time range with an optional start and an optional end (an open end means "ongoing").
public struct Period: Sendable, Hashable {
    public var start: FHIRDateTime?
    public var end: FHIRDateTime?

    public init(start: FHIRDateTime? = nil, end: FHIRDateTime? = nil) {
        self.start = start
        self.end = end
    }

    /// `nil` when `json` is not an object or `start`/`end` is not a valid FHIR dateTime.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        var period = Period()
        if let start = json["start"] {
            guard let text = start.string, let value = FHIRDateTime(text) else { return nil }
            period.start = value
        }
        if let end = json["end"] {
            guard let text = end.string, let value = FHIRDateTime(text) else { return nil }
            period.end = value
        }
        self = period
    }

    public var json: JSON {
        var json: JSON = [:]
        if let start { json["start"] = .string(start.description) }
        if let end { json["end"] = .string(end.description) }
        return json
    }
}
