import FHIR

/// Reads a policy's result table field by field, refusing unknown fields and wrong types, so a
/// misspelt key (`pa_need`) is an error in the record instead of a silently missing answer.
struct OutputFields {
    let function: String
    let object: JSONObject
    /// Where this table sits in the result, kept in parts and joined only for an error
    /// message: building `reasons[2].` for every element of every result cost more than
    /// checking the element.
    private let parentPath: String
    private let list: String
    private let position: Int

    /// The path prefix of this table's fields (`""`, `limits.`, `items[2].`).
    var path: String { list.isEmpty ? parentPath : "\(parentPath)\(list)[\(position)]." }

    init(_ value: JSON, function: String, path: String = "") throws(LuaFailure) {
        try self.init(value, function: function, parentPath: path, list: "", position: 0)
    }

    /// The element at `position` (1-based) of the list field `list` of `parent`.
    init(_ value: JSON, function: String, element position: Int, of list: String, in parent: OutputFields? = nil)
        throws(LuaFailure)
    {
        try self.init(value, function: function, parentPath: parent?.path ?? "", list: list, position: position)
    }

    private init(_ value: JSON, function: String, parentPath: String, list: String, position: Int) throws(LuaFailure) {
        self.function = function
        self.parentPath = parentPath
        self.list = list
        self.position = position
        switch value {
        case .object(let object): self.object = object
        case .array(let elements) where elements.isEmpty: self.object = JSONObject()
        case .null: throw Self.failure(function, "\(function) returned nothing (nil)")
        default:
            let path = list.isEmpty ? parentPath : "\(parentPath)\(list)[\(position)]."
            throw Self.failure(function, "\(function) must return a table\(path.isEmpty ? "" : " at \(path)"), not \(value)")
        }
    }

    static func failure(_ function: String, _ message: String) -> LuaFailure {
        LuaFailure(kind: .output, message: message)
    }

    func fail(_ key: String, _ message: String) -> LuaFailure {
        Self.failure(function, "\(function) result: \(path)\(key) \(message)")
    }

    /// `allowed` is a list, not a `Set`: it runs on every evaluation with a handful of keys,
    /// where a linear scan beats building and hashing a set each time.
    func onlyKeys(_ allowed: [String]) throws(LuaFailure) {
        for key in object.keys where !allowed.contains(key) {
            throw Self.failure(function, "\(function) result: unknown field \(path)\(key) (expected \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String, required: Bool = false) throws(LuaFailure) -> String? {
        guard let value = object[key], !value.isNull else {
            if required { throw fail(key, "is missing") }
            return nil
        }
        guard let string = value.string else { throw fail(key, "must be a string, not \(value)") }
        return string
    }

    func bool(_ key: String) throws(LuaFailure) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.bool else { throw fail(key, "must be true or false, not \(value)") }
        return flag
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Value.Type, required: Bool = false
    ) throws(LuaFailure) -> Value? where Value.RawValue == String {
        guard let raw = try string(key, required: required) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw fail(key, "is \"\(raw)\"; expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func list(_ key: String) throws(LuaFailure) -> [JSON] {
        guard let value = object[key], !value.isNull else { return [] }
        switch value {
        case .array(let elements): return elements
        case .object(let members) where members.isEmpty: return []
        default: throw fail(key, "must be a list, not \(value)")
        }
    }

    func strings(_ key: String) throws(LuaFailure) -> [String] {
        var result: [String] = []
        for (position, element) in try list(key).enumerated() {
            guard let string = element.string else { throw fail("\(key)[\(position + 1)]", "must be a string, not \(element)") }
            result.append(string)
        }
        return result
    }

    func enumerations<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Value.Type
    ) throws(LuaFailure) -> [Value] where Value.RawValue == String {
        var result: [Value] = []
        for (position, raw) in try strings(key).enumerated() {
            guard let value = Value(rawValue: raw) else {
                throw fail("\(key)[\(position + 1)]", "is \"\(raw)\"; expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.append(value)
        }
        return result
    }

    func nested(_ key: String) throws(LuaFailure) -> OutputFields? {
        guard let value = object[key], !value.isNull else { return nil }
        return try OutputFields(value, function: function, path: "\(path)\(key).")
    }

    func quantity(_ key: String) throws(LuaFailure) -> RuleQuantity? {
        guard let fields = try nested(key) else { return nil }
        try fields.onlyKeys(["value", "unit", "system", "code"])
        guard let number = fields.object["value"]?.number else { throw fail("\(key).value", "must be a number") }
        return RuleQuantity(value: number, unit: try fields.string("unit"))
    }

    /// This table read as a code: `{ system, code, display }` (other keys are the caller's to check).
    func coding(systemRequired: Bool = false) throws(LuaFailure) -> RuleCoding {
        RuleCoding(
            system: try string("system", required: systemRequired), code: try string("code", required: true)!,
            display: try string("display"))
    }

    func period(_ key: String) throws(LuaFailure) -> RulePeriod? {
        guard let fields = try nested(key) else { return nil }
        try fields.onlyKeys(["start", "end"])
        return RulePeriod(start: try fields.string("start"), end: try fields.string("end"))
    }
}
