/// A concept given as one or more codings (the same meaning in several code systems) and/or text.
public struct CodeableConcept: Sendable, Hashable {
    public var codings: [Coding]
    public var text: String?

    public init(codings: [Coding] = [], text: String? = nil) {
        self.codings = codings
        self.text = text
    }

    /// A concept with a single coding.
    public init(_ coding: Coding, text: String? = nil) {
        self.init(codings: [coding], text: text)
    }

    /// `nil` when `json` is not an object.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        self.init(codings: (json["coding"]?.array ?? []).compactMap(Coding.init(json:)), text: json["text"]?.string)
    }

    public var json: JSON {
        var json: JSON = [:]
        if !codings.isEmpty { json["coding"] = .array(codings.map(\.json)) }
        if let text { json["text"] = .string(text) }
        return json
    }

    /// Whether any coding is `code` in `system` — how rules ask "is this a CPT 70551?".
    public func contains(system: String, code: String) -> Bool {
        codings.contains { $0.matches(system: system, code: code) }
    }

    /// The first code from `system`, if any.
    public func code(in system: String) -> String? {
        codings.first { $0.system == system }?.code
    }
}
