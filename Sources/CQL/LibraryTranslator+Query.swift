import FHIR

/// Retrieves and queries.
extension LibraryTranslator {
    /// `[Observation: "Value set"]` → `Retrieve` with the type's code path and the value set (or
    /// code, or list of codes) as `codes`.
    func retrieve(_ retrieve: RetrieveAST, in scope: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        guard usesFHIR else { throw CQLError("a retrieve needs `using FHIR version '4.0.1'`", at: location) }
        guard retrieve.type.qualifier == nil || retrieve.type.qualifier == "FHIR" else {
            throw CQLError("unknown model \(retrieve.type.qualifier!) in retrieve", at: location)
        }
        let type = retrieve.type.name
        guard FHIRModel.resourceTypes.contains(type) else {
            throw CQLError("unknown resource type \(type) (the translator's FHIR R4 model table knows \(FHIRModel.resourceTypes.sorted().joined(separator: ", ")))", at: location)
        }
        guard let terminologyAST = retrieve.terminology else {
            return Typed(Self.retrieveELM(type: type, codeProperty: nil, codes: nil), .list(.fhir(type)))
        }
        guard let path = retrieve.codePath ?? FHIRModel.primaryCodePath[type] else {
            throw CQLError("\(type) has no primary code path; name one: [\(type): path in …]", at: location)
        }
        guard FHIRModel.element(path, of: type) != nil else {
            throw CQLError("unknown element \(path) of FHIR.\(type) (not in the translator's FHIR R4 model table)", at: location)
        }
        let terminology = try translate(terminologyAST, in: scope)
        let codes: JSON
        switch terminology.type {
        case .valueSet, .list(.code): codes = terminology.elm
        case .code: codes = ELM.unary("ToList", terminology.elm)
        default:
            throw CQLError("a retrieve filters by a value set, a code or a list of codes, not \(terminology.type)", at: terminologyAST.location)
        }
        return Typed(Self.retrieveELM(type: type, codeProperty: path, codes: codes), .list(.fhir(type)))
    }

    func query(_ query: QueryAST, in outer: Scope, at location: SourceLocation) throws(CQLError) -> Typed {
        var scope = outer
        var sources: [JSON] = []
        var sourceTypes: [DataType.TupleElement] = []
        var isList = false
        for source in query.sources {
            let translated = try translate(source.expression, in: outer)
            if scope.aliases[source.alias] != nil || query.sources.filter({ $0.alias == source.alias }).count > 1 {
                throw CQLError("alias \(source.alias) is already used in this query", at: source.location)
            }
            let element = translated.type.elementType ?? translated.type
            isList = isList || translated.type.isList
            scope.aliases[source.alias] = element
            sourceTypes.append(DataType.TupleElement(name: source.alias, type: element))
            sources.append(["alias": .string(source.alias), "expression": translated.elm])
        }
        var lets: [JSON] = []
        for (name, expression) in query.lets {
            let translated = try translate(expression, in: scope)
            scope.lets[name] = translated.type
            lets.append(["identifier": .string(name), "expression": translated.elm])
        }
        var relationships: [JSON] = []
        for relationship in query.relationships {
            let related = try translate(relationship.source.expression, in: scope)
            var inner = scope
            inner.aliases[relationship.source.alias] = related.type.elementType ?? related.type
            let condition = try coerce(try translate(relationship.suchThat, in: inner), to: .boolean, at: relationship.suchThat.location, what: "a such that condition")
            relationships.append(ELM.node(relationship.without ? "Without" : "With", [
                ("alias", .string(relationship.source.alias)), ("expression", related.elm), ("suchThat", condition.elm),
            ]))
        }
        let condition = try query.condition.map { (expression) throws(CQLError) in
            try coerce(try translate(expression, in: scope), to: .boolean, at: expression.location, what: "a where condition")
        }
        var element: DataType = sourceTypes.count == 1 ? sourceTypes[0].type : .tuple(sourceTypes)
        var returnClause: JSON?
        if let (expression, all) = query.returnClause {
            let translated = try translate(expression, in: scope)
            element = translated.type
            returnClause = .object(JSONObject(all ? [("distinct", false), ("expression", translated.elm)] : [("expression", translated.elm)]))
        }
        var sort: JSON?
        if let clause = query.sort {
            guard isList else { throw CQLError("only a query over a list can be sorted", at: location) }
            sort = ["by": .array(try sortItems(clause, element: element, outer: outer))]
        }
        let elm = ELM.node("Query", [
            ("source", .array(sources)), ("let", lets.isEmpty ? nil : .array(lets)), ("relationship", .array(relationships)),
            ("where", condition?.elm), ("return", returnClause), ("sort", sort),
        ])
        return Typed(elm, isList ? .list(element) : element)
    }

    private func sortItems(_ clause: QueryAST.Sort, element: DataType, outer: Scope) throws(CQLError) -> [JSON] {
        switch clause {
        case .direction(let descending):
            return [["type": "ByDirection", "direction": descending ? "desc" : "asc"]]
        case .by(let items):
            var scope = outer
            scope.aliases = [:]
            scope.lets = [:]
            scope.sortElement = element
            var result: [JSON] = []
            for item in items {
                let translated = try translate(item.expression, in: scope)
                guard translated.type.isOrdered || translated.type == .any else {
                    throw CQLError("cannot sort by \(translated.type)\(Self.hint(translated.type, .string))", at: item.expression.location)
                }
                result.append(["type": "ByExpression", "direction": item.descending ? "desc" : "asc", "expression": translated.elm])
            }
            return result
        }
    }
}
