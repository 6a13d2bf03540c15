import FHIR

/// The expression dispatcher, literals and selectors.
extension LibraryTranslator {
    func translate(_ expression: ExpressionAST, in scope: Scope) throws(CQLError) -> Typed {
        let at = expression.location
        switch expression.kind {
        case .literal(let literal):
            return try self.literal(literal, at: at)
        case .identifier(let name):
            return try identifier(name, in: scope, at: at)
        case .member(let source, let name):
            if let (alias, library) = includedLibrary(source, in: scope) {
                return try libraryMember(name, of: alias, library, at: at)
            }
            return try property(name, of: try translate(source, in: scope), at: at)
        case .call(let qualifier, let name, let arguments):
            return try call(qualifier: qualifier, name: name, arguments: arguments, in: scope, at: at)
        case .index(let source, let index):
            let list = try translate(source, in: scope)
            let position = try coerce(try translate(index, in: scope), to: .integer, at: index.location, what: "an index")
            if let element = list.type.elementType { return Typed(ELM.nary("Indexer", [list.elm, position.elm]), element) }
            if list.type == .string { return Typed(ELM.nary("Indexer", [list.elm, position.elm]), .string) }
            throw CQLError("[ ] indexes a list or a string, not \(list.type)", at: at)
        case .retrieve(let retrieve):
            return try self.retrieve(retrieve, in: scope, at: at)
        case .query(let query):
            return try self.query(query, in: scope, at: at)
        case .unary(let op, let operand):
            return try unary(op, try translate(operand, in: scope), at: at)
        case .binary(let op, let left, let right):
            return try binary(op, try translate(left, in: scope), try translate(right, in: scope), at: at)
        case .typeTest(let op, let operand, let specifier):
            return try typeTest(op, try translate(operand, in: scope), try TypeResolution.resolve(specifier, usesFHIR: usesFHIR), at: at)
        case .extract(let component, let operand):
            return try extract(component, try translate(operand, in: scope), at: at)
        case .ifThenElse(let condition, let then, let otherwise):
            let test = try coerce(try translate(condition, in: scope), to: .boolean, at: condition.location, what: "an if condition")
            let (thenValue, elseValue) = try unify(try translate(then, in: scope), try translate(otherwise, in: scope), at: at, what: "then and else")
            return Typed(ELM.node("If", [("condition", test.elm), ("then", thenValue.elm), ("else", elseValue.elm)]), thenValue.type)
        case .caseOf(let comparand, let items, let otherwise):
            return try caseOf(comparand: comparand, items: items, otherwise: otherwise, in: scope, at: at)
        case .list(let elementType, let elements):
            return try list(elementType: elementType, elements, in: scope, at: at)
        case .tuple(let elements):
            var values: [JSON] = []
            var types: [DataType.TupleElement] = []
            for (name, value) in elements {
                let translated = try translate(value, in: scope)
                values.append(["name": .string(name), "value": translated.elm])
                types.append(DataType.TupleElement(name: name, type: translated.type))
            }
            return Typed(ELM.node("Tuple", [("element", .array(values))]), .tuple(types))
        case .instance(let typeName, let elements):
            return try instance(typeName, elements, in: scope, at: at)
        case .codeSelector(let code, let system, let display):
            guard system.qualifier == nil, codeSystems[system.name] != nil else {
                throw CQLError("\(system) is not a code system declared in this library", at: at)
            }
            return Typed(ELM.node("Code", [
                ("code", .string(code)), ("system", ["name": .string(system.name)]), ("display", display.map(JSON.string)),
            ]), .code)
        case .interval(let low, let lowClosed, let high, let highClosed):
            let (lowValue, highValue) = try unify(try translate(low, in: scope), try translate(high, in: scope), at: at, what: "the interval's bounds")
            return Typed(ELM.node("Interval", [
                ("lowClosed", .bool(lowClosed)), ("highClosed", .bool(highClosed)), ("low", lowValue.elm), ("high", highValue.elm),
            ]), .interval(lowValue.type))
        case .parenthesized(let inner):
            return try translate(inner, in: scope)
        }
    }

    private func literal(_ literal: LiteralAST, at location: SourceLocation) throws(CQLError) -> Typed {
        switch literal {
        case .null:
            return Typed(ELM.null, .any, isNullLiteral: true)
        case .boolean(let value):
            return Typed(ELM.literal(.boolean, value ? "true" : "false"), .boolean)
        case .string(let text):
            return Typed(ELM.literal(.string, text), .string)
        case .number(let text):
            if text.contains(".") { return Typed(ELM.literal(.decimal, text), .decimal) }
            guard let value = Int64(text), value <= Int64(Int32.max) + 1 else {
                throw CQLError("\(text) is too large for an Integer (at most 2147483647)", at: location)
            }
            return Typed(ELM.literal(.integer, text), .integer)
        case .quantity(let value, let unit):
            return Typed(ELM.node("Quantity", [("value", .number(JSONNumber(literal: value)!)), ("unit", .string(unit))]), .quantity)
        case .dateTime(let text):
            return try DateTimeLiteral.translate(text, at: location)
        }
    }

    private func caseOf(
        comparand: ExpressionAST?, items: [(ExpressionAST, ExpressionAST)], otherwise: ExpressionAST, in scope: Scope, at location: SourceLocation
    ) throws(CQLError) -> Typed {
        let subject = try comparand.map { (expression) throws(CQLError) in try translate(expression, in: scope) }
        var results: [Typed] = []
        var whens: [Typed] = []
        for (when, then) in items {
            let test = try translate(when, in: scope)
            if let subject {
                whens.append(try unify(subject, test, at: when.location, what: "the case and its when").1)
            } else {
                whens.append(try coerce(test, to: .boolean, at: when.location, what: "a when condition"))
            }
            results.append(try translate(then, in: scope))
        }
        results.append(try translate(otherwise, in: scope))
        results = try unifyAll(results, at: location, what: "the case's results")
        var caseItems: [JSON] = []
        for (index, when) in whens.enumerated() { caseItems.append(["type": "CaseItem", "when": when.elm, "then": results[index].elm]) }
        return Typed(ELM.node("Case", [
            ("comparand", subject?.elm), ("caseItem", .array(caseItems)), ("else", results.last!.elm),
        ]), results.last!.type)
    }

    private func list(elementType: TypeSpecifierAST?, _ elements: [ExpressionAST], in scope: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        var values: [Typed] = []
        for element in elements { values.append(try translate(element, in: scope)) }
        var type: DataType
        if let elementType {
            type = try TypeResolution.resolve(elementType, usesFHIR: usesFHIR)
            for (index, value) in values.enumerated() {
                values[index] = try coerce(value, to: type, at: elements[index].location, what: "a list element")
            }
        } else {
            values = try unifyAll(values, at: location, what: "the list's elements")
            type = values.first?.type ?? .any
        }
        let elm = ELM.node("List", [("element", values.isEmpty ? nil : .array(values.map(\.elm)))])
        return Typed(elm, .list(type))
    }

    /// `Code { system: 's', code: 'c' }` and other class instances with known elements.
    private func instance(_ typeName: QualifiedName, _ elements: [(String, ExpressionAST)], in scope: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        let type = try TypeResolution.named(typeName, usesFHIR: usesFHIR, at: location)
        var values: [JSON] = []
        for (name, value) in elements {
            let elementType: DataType
            switch type {
            case .system(let system):
                guard let known = Self.systemProperties[system]?[name] else {
                    throw CQLError("\(type) has no element \(name)", at: value.location)
                }
                elementType = known
            case .fhir:
                elementType = try propertyType(name, of: type, at: value.location)
            default:
                throw CQLError("\(type) cannot be built with an instance selector", at: location)
            }
            let translated = try coerce(try translate(value, in: scope), to: elementType, at: value.location, what: "element \(name) of \(type)")
            values.append(["name": .string(name), "value": translated.elm])
        }
        return Typed(ELM.node("Instance", [("classType", .string(type.qualifiedName!)), ("element", .array(values))]), type)
    }
}
