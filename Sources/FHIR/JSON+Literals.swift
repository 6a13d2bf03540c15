/// Literal syntax for building JSON in code and tests:
/// `let r: JSON = ["resourceType": "Patient", "active": true, "name": [["family": "Chalmers"]]]`.
///
/// Float literals pass through `Double` (`1.50` becomes `1.5`); when the written precision
/// matters, use `.number(JSONNumber(literal: "1.50")!)`.
extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) {
        self = .string(value)
    }

    public init(integerLiteral value: Int) {
        self = .number(JSONNumber(value))
    }

    public init(floatLiteral value: Double) {
        self = .number(JSONNumber(value))
    }

    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }

    public init(arrayLiteral elements: JSON...) {
        self = .array(elements)
    }

    /// - Precondition: no key is repeated.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        var object = JSONObject()
        object.reserveCapacity(elements.count)
        for (key, value) in elements {
            precondition(object.insert(key, value), "duplicate key \"\(key)\" in a JSON literal")
        }
        self = .object(object)
    }

    public init(nilLiteral: ()) {
        self = .null
    }
}
