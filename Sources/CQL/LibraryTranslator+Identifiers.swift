import FHIR

/// Names: identifiers, `Library.Name` references and property access.
extension LibraryTranslator {
    /// What a bare identifier refers to, innermost first: query lets and aliases, sorted
    /// elements' properties, function operands, then the library's definitions, parameters and
    /// terminology.
    func identifier(_ name: String, in scope: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        if let type = scope.lets[name] { return Typed(ELM.node("QueryLetRef", [("name", .string(name))]), type) }
        if let type = scope.aliases[name] { return Typed(ELM.aliasRef(name), type, alias: name) }
        if let element = scope.sortElement, let type = try? propertyType(name, of: element, at: location) {
            return Typed(ELM.node("IdentifierRef", [("name", .string(name))]), type)
        }
        if let type = scope.operands[name] { return Typed(ELM.node("OperandRef", [("name", .string(name))]), type) }
        if let definition = try expressionDefinition(name, at: location) {
            return Typed(ELM.node("ExpressionRef", [("name", .string(name))]), definition.type)
        }
        if let parameter = parameters[name] { return Typed(ELM.node("ParameterRef", [("name", .string(name))]), parameter.type) }
        if valueSets[name] != nil { return Typed(ELM.node("ValueSetRef", [("name", .string(name))]), .valueSet) }
        if codes[name] != nil { return Typed(ELM.node("CodeRef", [("name", .string(name))]), .code) }
        if codeSystems[name] != nil { return Typed(ELM.node("CodeSystemRef", [("name", .string(name))]), .codeSystem) }
        if includes[name] != nil {
            throw CQLError("\(name) is an included library; name one of its definitions (\(name).Definition)", at: location)
        }
        if functionDefs[name] != nil { throw CQLError("\(name) is a function; call it with arguments: \(name)(…)", at: location) }
        if scope.sortElement != nil {
            throw CQLError("unknown identifier \(name) (in a sort, name properties of the sorted elements, without an alias)", at: location)
        }
        throw CQLError("unknown identifier \(name)\(suggestion(for: name, in: scope))", at: location)
    }

    /// ` (did you mean "X"?)` when a known name differs only in case.
    private func suggestion(for name: String, in scope: Scope) -> String {
        let known = Array(scope.aliases.keys) + Array(scope.operands.keys) + Array(scope.lets.keys) + Array(expressionDefs.keys)
            + Array(parameters.keys) + Array(valueSets.keys) + Array(codes.keys) + (hasPatientContext ? ["Patient"] : [])
        guard let match = known.first(where: { $0.lowercased() == name.lowercased() }) else { return "" }
        return " (did you mean \(match)?)"
    }

    /// The included library `source` names, when it is a bare identifier not shadowed by a local name.
    func includedLibrary(_ source: ExpressionAST, in scope: Scope) -> (alias: String, CQLLibraryInterface)? {
        guard case .identifier(let name) = source.kind, let library = includes[name] else { return nil }
        if scope.aliases[name] != nil || scope.operands[name] != nil || scope.lets[name] != nil { return nil }
        return (name, library)
    }

    /// `Common.Name`: a definition, parameter or terminology of an included library.
    func libraryMember(_ name: String, of alias: String, _ library: CQLLibraryInterface, at location: SourceLocation) throws(CQLError) -> Typed {
        let reference: [(String, JSON?)] = [("name", .string(name)), ("libraryName", .string(alias))]
        if let type = library.expressions[name] { return Typed(ELM.node("ExpressionRef", reference), type) }
        if let type = library.parameters[name] { return Typed(ELM.node("ParameterRef", reference), type) }
        if library.valueSets.contains(name) { return Typed(ELM.node("ValueSetRef", reference), .valueSet) }
        if library.codes.contains(name) { return Typed(ELM.node("CodeRef", reference), .code) }
        if library.codeSystems.contains(name) { return Typed(ELM.node("CodeSystemRef", reference), .codeSystem) }
        if library.functions[name] != nil { throw CQLError("\(alias).\(name) is a function; call it with arguments", at: location) }
        throw CQLError("library \(library.name) (included as \(alias)) has no public definition named \(name)", at: location)
    }

    /// `source.name`. A property of a list is read for each element, as the reference translator
    /// does: `Query($this in source where $this.name is not null return all $this.name)`, flattened
    /// when the property itself repeats.
    func property(_ name: String, of source: Typed, at location: SourceLocation) throws(CQLError) -> Typed {
        if let element = source.type.elementType {
            let type = try propertyType(name, of: element, at: location)
            let this = Typed(ELM.aliasRef("$this"), element)
            let value = ELM.property(name, of: this)
            let query = ELM.node("Query", [
                ("source", [["alias": "$this", "expression": source.elm]]),
                ("where", ELM.unary("Not", ELM.unary("IsNull", value))),
                ("return", ["distinct": false, "expression": value]),
            ])
            if let inner = type.elementType { return Typed(ELM.unary("Flatten", query), .list(inner)) }
            return Typed(query, .list(type))
        }
        return Typed(ELM.property(name, of: source), try propertyType(name, of: source.type, at: location))
    }

    /// The type of property `name` of a (non-list) value of `type`.
    func propertyType(_ name: String, of type: DataType, at location: SourceLocation) throws(CQLError) -> DataType {
        switch type {
        case .fhir(let typeName):
            guard let element = FHIRModel.element(name, of: typeName) else {
                if FHIRModel.primitives[typeName] != nil {
                    throw CQLError("FHIR.\(typeName) is a FHIR primitive; read its value with .value, not .\(name)", at: location)
                }
                throw CQLError("unknown element \(name) of FHIR.\(typeName) (not in the translator's FHIR R4 model table)", at: location)
            }
            return element.dataType
        case .system(let typeName):
            if let found = Self.systemProperties[typeName]?[name] { return found }
            throw CQLError("System.\(typeName) has no property \(name)", at: location)
        case .tuple(let elements):
            guard let element = elements.first(where: { $0.name == name }) else {
                throw CQLError("the tuple has no element \(name) (it has \(elements.map(\.name).joined(separator: ", ")))", at: location)
            }
            return element.type
        case .interval(let point):
            switch name {
            case "low", "high": return point
            case "lowClosed", "highClosed": return .boolean
            default: throw CQLError("an interval has no property \(name)", at: location)
            }
        case .choice(let choices):
            throw CQLError("this is a choice of \(choices.map(\.description).joined(separator: ", ")); pick one with 'as' before reading .\(name)", at: location)
        case .any:
            return .any
        case .list(let element):
            // Only reached for a sort over list-valued results; `property` reads lists per element.
            let type = try propertyType(name, of: element, at: location)
            return .list(type.elementType ?? type)
        }
    }

    static let systemProperties: [String: [String: DataType]] = [
        "Code": ["code": .string, "system": .string, "version": .string, "display": .string],
        "Concept": ["codes": .list(.code), "display": .string],
        "Quantity": ["value": .decimal, "unit": .string],
    ]
}
