import Foundation

/// A JSON value that round-trips any FHIR resource without loss.
///
/// Greenlight handles FHIR as JSON rather than as generated Swift classes: the server reads
/// the few elements it needs and passes everything else through untouched. That needs a
/// JSON value that keeps what other representations throw away — the exact text of numbers
/// (see ``JSONNumber``) and the order of object members (see ``JSONObject``).
///
/// Parse with ``parse(_:)``, write with ``serialized(pretty:)``. Build
/// values with literals: `let patient: JSON = ["resourceType": "Patient", "id": "p1"]`.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// The string, when this is a string.
    public var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The Boolean, when this is `true` or `false`.
    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The number, when this is a number.
    public var number: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The number as an `Int`, when this is a whole number that fits.
    public var int: Int? { number?.int }

    /// The number as an exact `Decimal`, when this is a number in `Decimal`'s range.
    public var decimal: Decimal? { number?.decimal }

    /// The number as the nearest `Double`, when this is a number.
    public var double: Double? { number?.double }

    /// The elements, when this is an array.
    public var array: [JSON]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The members, when this is an object.
    public var object: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The member named `key` of an object; `nil` for a missing key or a value that is not an object.
    ///
    /// Setting a value on an object adds or replaces the member (setting `nil` removes it).
    /// Setting on anything other than an object does nothing: there is no member to set.
    public subscript(key: String) -> JSON? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key]
        }
        set {
            guard case .object(var object) = self else { return }
            self = .null  // Drops the enum's reference so `object` is uniquely held and mutates in place.
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The element at `index` of an array; `nil` when out of range or not an array.
    public subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

extension JSON: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { serializedString() }
}
