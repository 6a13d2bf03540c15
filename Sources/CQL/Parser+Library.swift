/// Library-level declarations: `library`, then definitions (`using`, `include`, `codesystem`,
/// `valueset`, `code`, `parameter`), then `context` and `define` statements.
extension Parser {
    /// CQL 1.5 (`libraryDefinition? definition* statement*`) lets `using`, `include`, `codesystem`,
    /// `valueset`, `code` and `parameter` come in any order, but all before the first statement.
    private enum Section: Int, Comparable {
        case definitions, statements
        static func < (lhs: Section, rhs: Section) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    mutating func parseLibrary() throws(CQLError) -> LibraryAST {
        var library = LibraryAST(location: current.location)
        if accept(word: "library") {
            library.name = try expectIdentifier("the library's name")
            if accept(word: "version") { library.version = try expectString("the library's version as a string") }
        }
        var section = Section.definitions
        var context = "Unfiltered"
        func enter(_ next: Section, at location: SourceLocation, _ what: String) throws(CQLError) {
            guard next >= section else {
                throw CQLError("\(what) declarations must come before the first context or define statement", at: location)
            }
            section = next
        }
        while current.kind != .end {
            let start = current.location
            if current.isWord("library") { throw CQLError("only one library declaration is allowed, at the start", at: start) }
            if accept(word: "using") {
                try enter(.definitions, at: start, "using")
                let model = try expectIdentifier("a model name")
                let version = accept(word: "version") ? try expectString("the model version as a string") : nil
                library.usings.append(UsingAST(model: model, version: version, location: start))
                continue
            }
            if accept(word: "include") {
                try enter(.definitions, at: start, "include")
                let path = try expectIdentifier("the included library's name")
                let version = accept(word: "version") ? try expectString("the included library's version as a string") : nil
                let alias = accept(word: "called") ? try expectIdentifier("an alias after 'called'") : path
                library.includes.append(IncludeAST(path: path, version: version, alias: alias, location: start))
                continue
            }
            let access: AccessLevel = accept(word: "private") ? .private : (accept(word: "public") ? .public : .public)
            let declarationStart = current.location
            if accept(word: "codesystem") {
                try enter(.definitions, at: declarationStart, "codesystem")
                let name = try expectIdentifier("the code system's name")
                try expect(symbol: ":")
                let id = try expectString("the code system's URI as a string")
                let version = accept(word: "version") ? try expectString("the code system version as a string") : nil
                library.codeSystems.append(CodeSystemAST(name: name, id: id, version: version, access: access, location: declarationStart))
            } else if accept(word: "valueset") {
                try enter(.definitions, at: declarationStart, "valueset")
                let name = try expectIdentifier("the value set's name")
                try expect(symbol: ":")
                let id = try expectString("the value set's URL as a string")
                let version = accept(word: "version") ? try expectString("the value set version as a string") : nil
                if current.isWord("codesystems") { throw CQLError("value set 'codesystems' restrictions are not supported", at: current.location) }
                library.valueSets.append(ValueSetAST(name: name, id: id, version: version, access: access, location: declarationStart))
            } else if current.isWord("code"), Self.identifier(in: peek(1)) != nil {
                advance()
                try enter(.definitions, at: declarationStart, "code")
                let name = try expectIdentifier("the code's name")
                try expect(symbol: ":")
                let code = try expectString("the code as a string")
                try expect(word: "from")
                let system = try parseQualifiedName("the code's code system")
                let display = accept(word: "display") ? try expectString("the display as a string") : nil
                library.codes.append(CodeAST(name: name, code: code, system: system, display: display, access: access, location: declarationStart))
            } else if accept(word: "parameter") {
                try enter(.definitions, at: declarationStart, "parameter")
                let name = try expectIdentifier("the parameter's name")
                var type: TypeSpecifierAST?
                if !current.isWord("default"), current.kind != .end, !Self.startsDeclaration(current) {
                    type = try parseTypeSpecifier()
                }
                let defaultValue = accept(word: "default") ? try parseExpression() : nil
                if type == nil, defaultValue == nil {
                    throw CQLError("parameter \(name) needs a type or a default", at: declarationStart)
                }
                library.parameters.append(ParameterAST(name: name, type: type, defaultValue: defaultValue, access: access, location: declarationStart))
            } else if accept(word: "context") {
                try enter(.statements, at: declarationStart, "")
                if access == .private || current.isWord("public") { throw CQLError("a context has no access level", at: declarationStart) }
                let contextAt = current.location
                context = try expectIdentifier("a context name such as Patient")
                library.contexts.append(ContextAST(name: context, location: contextAt))
            } else if accept(word: "define") {
                try enter(.statements, at: declarationStart, "")
                let fluent = current.isWord("fluent") && peek(1).isWord("function") ? accept(word: "fluent") : false
                if accept(word: "function") {
                    if fluent { throw CQLError("fluent functions are not supported", at: declarationStart) }
                    library.functions.append(try parseFunction(context: context, access: access, at: declarationStart))
                } else {
                    let name = try expectIdentifier("the definition's name")
                    try expect(symbol: ":")
                    let body = try parseExpression()
                    library.expressions.append(ExpressionDefAST(name: name, context: context, access: access, body: body, location: declarationStart))
                }
            } else if current.isWord("concept") {
                throw CQLError("concept declarations are not supported", at: current.location)
            } else {
                throw unexpected("a declaration (using, include, codesystem, valueset, code, parameter, context or define)")
            }
        }
        return library
    }

    private static func startsDeclaration(_ token: Token) -> Bool {
        ["define", "context", "parameter", "public", "private"].contains(token.word ?? "")
    }

    private mutating func parseFunction(context: String, access: AccessLevel, at start: SourceLocation) throws(CQLError) -> FunctionDefAST {
        let name = try expectIdentifier("the function's name")
        try expect(symbol: "(")
        var operands: [FunctionDefAST.Operand] = []
        if !current.isSymbol(")") {
            repeat {
                let operandAt = current.location
                let operandName = try expectIdentifier("an operand name")
                if operands.contains(where: { $0.name == operandName }) {
                    throw CQLError("function \(name) has two operands named \(operandName)", at: operandAt)
                }
                operands.append(FunctionDefAST.Operand(name: operandName, type: try parseTypeSpecifier(), location: operandAt))
            } while accept(symbol: ",")
        }
        try expect(symbol: ")")
        let returnType = accept(word: "returns") ? try parseTypeSpecifier() : nil
        try expect(symbol: ":")
        if accept(word: "external") {
            return FunctionDefAST(name: name, context: context, access: access, operands: operands, returnType: returnType, body: nil, location: start)
        }
        let body = try parseExpression()
        return FunctionDefAST(name: name, context: context, access: access, operands: operands, returnType: returnType, body: body, location: start)
    }

    /// `"Name"` or `Library."Name"`.
    mutating func parseQualifiedName(_ what: String) throws(CQLError) -> QualifiedName {
        let first = try expectIdentifier(what)
        if accept(symbol: ".") { return QualifiedName(qualifier: first, name: try expectIdentifier(what)) }
        return QualifiedName(qualifier: nil, name: first)
    }
}
