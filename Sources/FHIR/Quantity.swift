import Foundation

/// A measured amount: `{"value": 2, "unit": "L/min", "system": "http://unitsofmeasure.org", "code": "L/min"}`.
///
/// `value` is a `Decimal` so amounts are exact; note it keeps the value, not how many
/// decimal places were written (the resource's ``JSON`` keeps those).
public struct Quantity: Sendable, Hashable {
    public var value: Decimal?
    /// `<`, `<=`, `>=` or `>` when the true value is beyond the one given.
    public var comparator: String?
    /// The unit as a person reads it.
    public var unit: String?
    /// The unit's code system, usually UCUM (`http://unitsofmeasure.org`).
    public var system: String?
    public var code: String?

    public init(value: Decimal?, unit: String? = nil, system: String? = nil, code: String? = nil, comparator: String? = nil) {
        self.value = value
        self.unit = unit
        self.system = system
        self.code = code
        self.comparator = comparator
    }

    /// `nil` when `json` is not an object or `value` is present but not a number.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        var value: Decimal?
        if let number = json["value"] {
            guard let decimal = number.decimal else { return nil }
            value = decimal
        }
        self.init(
            value: value,
            unit: json["unit"]?.string,
            system: json["system"]?.string,
            code: json["code"]?.string,
            comparator: json["comparator"]?.string)
    }

    public var json: JSON {
        var json: JSON = [:]
        if let value { json["value"] = .number(JSONNumber(value)) }
        if let comparator { json["comparator"] = .string(comparator) }
        if let unit { json["unit"] = .string(unit) }
        if let system { json["system"] = .string(system) }
        if let code { json["code"] = .string(code) }
        return json
    }
}
