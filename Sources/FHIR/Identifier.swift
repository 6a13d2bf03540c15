/// A business identifier: a member id, an NPI, a submitter's transaction number.
///
/// `system` says whose numbering it is (a URI); `value` is the number in it.
public struct Identifier: Sendable, Hashable {
    public var system: String?
    public var value: String?
    /// What kind of identifier (e.g. `MB` member number from the v2 identifier-type table).
    public var type: CodeableConcept?
    /// `usual`, `official`, `temp`, `secondary` or `old`.
    public var use: String?

    public init(system: String? = nil, value: String? = nil, type: CodeableConcept? = nil, use: String? = nil) {
        self.system = system
        self.value = value
        self.type = type
        self.use = use
    }

    /// `nil` when `json` is not an object.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        self.init(
            system: json["system"]?.string,
            value: json["value"]?.string,
            type: json["type"].flatMap(CodeableConcept.init(json:)),
            use: json["use"]?.string)
    }

    public var json: JSON {
        var json: JSON = [:]
        if let use { json["use"] = .string(use) }
        if let type { json["type"] = type.json }
        if let system { json["system"] = .string(system) }
        if let value { json["value"] = .string(value) }
        return json
    }

    /// Whether this is `value` in `system`.
    public func matches(system: String, value: String) -> Bool {
        self.system == system && self.value == value
    }
}
