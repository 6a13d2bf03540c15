/// A code from a code system: `{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic"}`.
///
/// Like the other datatype structs here, it reads the elements Greenlight works with and
/// ignores the rest (extensions, `userSelected`); keep the resource's ``JSON`` when the
/// whole element must survive.
public struct Coding: Sendable, Hashable {
    public var system: String?
    public var code: String?
    public var display: String?
    public var version: String?

    public init(system: String? = nil, code: String? = nil, display: String? = nil, version: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
        self.version = version
    }

    /// `nil` when `json` is not an object.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        self.init(
            system: json["system"]?.string,
            code: json["code"]?.string,
            display: json["display"]?.string,
            version: json["version"]?.string)
    }

    /// Elements in FHIR's order; absent ones omitted.
    public var json: JSON {
        var json: JSON = [:]
        if let system { json["system"] = .string(system) }
        if let version { json["version"] = .string(version) }
        if let code { json["code"] = .string(code) }
        if let display { json["display"] = .string(display) }
        return json
    }

    /// Whether this is `code` in `system`.
    public func matches(system: String, code: String) -> Bool {
        self.system == system && self.code == code
    }
}
