import FHIR

/// Function calls: this library's functions, an included library's (`Common.MostRecent(x)`), and
/// the system functions (`Last`, `Combine`, `StartsWith`, …).
extension LibraryTranslator {
    func call(qualifier: ExpressionAST?, name: String, arguments: [ExpressionAST], in scope: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        var values: [Typed] = []
        for argument in arguments { values.append(try translate(argument, in: scope)) }
        if let qualifier {
            guard let (alias, library) = includedLibrary(qualifier, in: scope) else {
                throw CQLError("\(name)(…) is called on a value; fluent functions are not supported (call it as \(name)(x))", at: location)
            }
            guard let overloads = library.functions[name] else {
                throw CQLError("library \(library.name) (included as \(alias)) has no public function named \(name)", at: location)
            }
            let (chosen, converted) = try choose(overloads.map(\.operands), for: values, arguments: arguments, shown: "\(alias).\(name)", at: location)
            return Typed(functionRef(name, library: alias, converted), overloads[chosen].result)
        }
        if functionDefs[name] != nil {
            let (chosen, converted) = try choose(try operandTypes(of: name), for: values, arguments: arguments, shown: name, at: location)
            let signature = try functionDefinition(name, overload: chosen, at: location).signature
            return Typed(functionRef(name, library: nil, converted), signature.result)
        }
        if let result = try SystemFunctions.call(name, values, arguments: arguments, translator: self, at: location) { return result }
        throw CQLError("unknown function \(name)", at: location)
    }

    private func functionRef(_ name: String, library: String?, _ operands: [Typed]) -> JSON {
        ELM.node("FunctionRef", [("name", .string(name)), ("libraryName", library.map(JSON.string)), ("operand", .array(operands.map(\.elm)))])
    }

    /// The overload whose operands the arguments fit (exactly first, then with conversions), and
    /// the converted arguments.
    private func choose(
        _ overloads: [[DataType]], for values: [Typed], arguments: [ExpressionAST], shown: String, at location: SourceLocation
    ) throws(CQLError) -> (Int, [Typed]) {
        let sameArity = overloads.enumerated().filter { $0.element.count == values.count }
        guard !sameArity.isEmpty else {
            let counts = Set(overloads.map(\.count)).sorted().map(String.init).joined(separator: " or ")
            throw CQLError("\(shown) takes \(counts) argument\(counts == "1" ? "" : "s"), not \(values.count)", at: location)
        }
        for (index, operands) in sameArity where zip(values, operands).allSatisfy({ !$0.isNullLiteral && $0.type.isSubtype(of: $1) }) {
            return (index, values)
        }
        for (index, operands) in sameArity {
            var converted: [Typed] = []
            for (value, operand) in zip(values, operands) {
                guard let fitted = implicitlyConverted(value, to: operand) else { break }
                converted.append(fitted)
            }
            if converted.count == values.count { return (index, converted) }
        }
        if sameArity.count == 1, let operands = sameArity.first?.element {
            for (position, (value, operand)) in zip(values, operands).enumerated() where implicitlyConverted(value, to: operand) == nil {
                throw CQLError(
                    "argument \(position + 1) of \(shown) must be \(operand), but this is \(value.type)\(Self.hint(value.type, operand))",
                    at: arguments[position].location)
            }
        }
        throw CQLError("no overload of \(shown) takes (\(values.map(\.type.description).joined(separator: ", ")))", at: location)
    }
}
