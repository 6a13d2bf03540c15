import FHIR

/// Implicit conversions, as far as CQL allows them without FHIRHelpers: `null` takes any type
/// (through `As`), an Integer becomes a Decimal (`ToDecimal`), and a subtype stands for its base.
/// Anything else is an error, including FHIR primitives where System values are expected: this
/// library reads them through `.value`.
extension LibraryTranslator {
    func coerce(_ value: Typed, to expected: DataType, at location: SourceLocation, what: String) throws(CQLError) -> Typed {
        if let converted = implicitlyConverted(value, to: expected) { return converted }
        throw CQLError("\(what) must be \(expected), but this is \(value.type)\(Self.hint(value.type, expected))", at: location)
    }

    func implicitlyConverted(_ value: Typed, to expected: DataType) -> Typed? {
        if value.isNullLiteral {
            return expected == .any ? value : Typed(ELM.typedNull(expected), expected)
        }
        if value.type.isSubtype(of: expected) { return value }
        if value.type == .integer, expected == .decimal { return Typed(ELM.unary("ToDecimal", value.elm), .decimal) }
        return nil
    }

    /// Two values brought to one type (for `=`, `<`, `if`, bounds): `null` and Integer→Decimal as above.
    func unify(_ left: Typed, _ right: Typed, at location: SourceLocation, what: String) throws(CQLError) -> (Typed, Typed) {
        if left.isNullLiteral, right.isNullLiteral { return (left, right) }
        if let converted = implicitlyConverted(right, to: left.type), !left.isNullLiteral { return (left, converted) }
        if let converted = implicitlyConverted(left, to: right.type) { return (converted, right) }
        throw CQLError("\(what) have different types, \(left.type) and \(right.type)\(Self.hint(left.type, right.type))", at: location)
    }

    /// Several values brought to the type of the first one that has a type.
    func unifyAll(_ values: [Typed], at location: SourceLocation, what: String) throws(CQLError) -> [Typed] {
        var target = values.first { !$0.isNullLiteral }?.type
        if target == .integer, values.contains(where: { $0.type == .decimal }) { target = .decimal }
        guard let target else { return values }
        var result: [Typed] = []
        for value in values {
            guard let converted = implicitlyConverted(value, to: target) else {
                throw CQLError("\(what) have different types, \(target) and \(value.type)", at: location)
            }
            result.append(converted)
        }
        return result
    }

    /// Why a FHIR value does not fit a System type: it needs `.value`.
    static func hint(_ actual: DataType, _ expected: DataType) -> String {
        if case .fhir(let name) = actual, FHIRModel.primitives[name] != nil, case .system = expected {
            return " (read a FHIR primitive's value with .value)"
        }
        if case .system = actual, case .fhir(let name) = expected, FHIRModel.primitives[name] != nil {
            return " (read a FHIR primitive's value with .value)"
        }
        return ""
    }
}
