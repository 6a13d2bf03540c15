import FHIR

/// An amount as policies write it: `{ value = 12, unit = "visit" }`.
public struct RuleQuantity: Sendable, Hashable {
    public var value: JSONNumber
    public var unit: String?

    public init(value: JSONNumber, unit: String? = nil) {
        self.value = value
        self.unit = unit
    }

    var json: JSON {
        var object: JSONObject = ["value": .number(value)]
        if let unit { object["unit"] = .string(unit) }
        return .object(object)
    }
}

/// A date range as policies write it: `{ start = "2026-11-23", ["end"] = "2027-02-21" }`.
public struct RulePeriod: Sendable, Hashable {
    public var start: String?
    public var end: String?

    public init(start: String? = nil, end: String? = nil) {
        self.start = start
        self.end = end
    }

    var json: JSON {
        var object = JSONObject()
        if let start { object["start"] = .string(start) }
        if let end { object["end"] = .string(end) }
        return .object(object)
    }
}

/// A code as policies write it: `{ system = "...", code = "...", display = "..." }`.
public struct RuleCoding: Sendable, Hashable {
    public var system: String?
    public var code: String
    public var display: String?

    public init(system: String?, code: String, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }

    var json: JSON { Self.json(system: system, code: code, display: display) }

    /// `{system, code, display}` as rules read and write codings, absent parts left out: one
    /// shape for policies' outputs and for the codings of their inputs (``RuleOrder/coding(_:)``).
    static func json(system: String?, code: String?, display: String?) -> JSON {
        var object = JSONObject()
        if let system { object["system"] = .string(system) }
        if let code { object["code"] = .string(code) }
        if let display { object["display"] = .string(display) }
        return .object(object)
    }
}
