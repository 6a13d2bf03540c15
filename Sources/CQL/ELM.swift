import FHIR

/// Builders for ELM JSON nodes (`urn:hl7-org:elm` r1), in the shapes the reference cql-to-elm
/// translator writes: `type` names the node, operands follow.
enum ELM {
    /// `{"type": type, …members}` with members in the given order; `nil` members are left out.
    static func node(_ type: String, _ members: [(String, JSON?)] = []) -> JSON {
        var pairs: [(String, JSON)] = [("type", .string(type))]
        for (key, value) in members {
            if let value { pairs.append((key, value)) }
        }
        return .object(JSONObject(pairs))
    }

    /// `{"type": type, "operand": operand}` (one operand).
    static func unary(_ type: String, _ operand: JSON) -> JSON { node(type, [("operand", operand)]) }

    /// `{"type": type, "operand": [a, b, …]}`.
    static func nary(_ type: String, _ operands: [JSON]) -> JSON { node(type, [("operand", .array(operands))]) }

    static func literal(_ type: DataType, _ value: String) -> JSON {
        node("Literal", [("valueType", .string(type.qualifiedName!)), ("value", .string(value))])
    }

    static let null = node("Null")

    /// `{"type": "As", "asType": …}` around `null`: how the reference translator gives `null` a type.
    static func typedNull(_ type: DataType) -> JSON {
        if let name = type.qualifiedName {
            return node("As", [("asType", .string(name)), ("operand", null)])
        }
        return node("As", [("operand", null), ("asTypeSpecifier", type.specifier)])
    }

    static func aliasRef(_ name: String) -> JSON { node("AliasRef", [("name", .string(name))]) }

    /// `{"type": "Property", "path": path, "scope": alias}` or `… "source": source`.
    static func property(_ path: String, of source: Typed) -> JSON {
        if let alias = source.alias {
            return node("Property", [("path", .string(path)), ("scope", .string(alias))])
        }
        return node("Property", [("path", .string(path)), ("source", source.elm)])
    }
}
