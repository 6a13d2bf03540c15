import FHIR

/// Translates one parsed library: checks its declarations, translates every definition (on
/// demand, so a definition may use one written below it) and assembles the ELM document.
final class LibraryTranslator {
    let library: LibraryAST
    let usesFHIR: Bool
    /// Included libraries by alias.
    var includes: [String: CQLLibraryInterface] = [:]
    var valueSets: [String: ValueSetAST] = [:]
    var codeSystems: [String: CodeSystemAST] = [:]
    var codes: [String: CodeAST] = [:]
    var parameters: [String: (ast: ParameterAST, type: DataType, defaultValue: Typed?)] = [:]
    var expressionDefs: [String: ExpressionDefAST] = [:]
    var functionDefs: [String: [FunctionDefAST]] = [:]

    /// Translated definitions, filled on demand.
    var translatedExpressions: [String: Typed] = [:]
    /// Translated functions by name and overload index: operand types, result, ELM.
    var translatedFunctions: [String: [Int: (signature: FunctionSignature, elm: JSON)]] = [:]
    /// Definitions being translated, to report a definition that refers to itself.
    var inProgress: Set<String> = []

    init(_ library: LibraryAST, includes resolve: CQLTranslator.IncludeResolver) throws(CQLError) {
        self.library = library
        var fhir = false
        for using in library.usings {
            switch using.model {
            case "FHIR":
                if let version = using.version, version != "4.0.1" {
                    throw CQLError("FHIR version '\(version)' is not supported; this translator knows FHIR '4.0.1'", at: using.location)
                }
                fhir = true
            case "System": break
            default: throw CQLError("unknown model \(using.model); this translator knows FHIR '4.0.1'", at: using.location)
            }
        }
        usesFHIR = fhir
        try declare(resolve)
    }

    private func declare(_ resolve: CQLTranslator.IncludeResolver) throws(CQLError) {
        var names: [String: SourceLocation] = [:]
        func claim(_ name: String, at location: SourceLocation) throws(CQLError) {
            if let earlier = names[name] { throw CQLError("\(name) is already declared at \(earlier)", at: location) }
            names[name] = location
        }
        for include in library.includes {
            try claim(include.alias, at: include.location)
            guard let interface = resolve(include.path, include.version) else {
                let version = include.version.map { " version '\($0)'" } ?? ""
                throw CQLError("included library \(include.path)\(version) is not available", at: include.location)
            }
            includes[include.alias] = interface
        }
        for codeSystem in library.codeSystems {
            try claim(codeSystem.name, at: codeSystem.location)
            codeSystems[codeSystem.name] = codeSystem
        }
        for valueSet in library.valueSets {
            try claim(valueSet.name, at: valueSet.location)
            valueSets[valueSet.name] = valueSet
        }
        for code in library.codes {
            try claim(code.name, at: code.location)
            guard code.system.qualifier == nil, codeSystems[code.system.name] != nil else {
                throw CQLError("code \(code.name) is from \(code.system), which is not a code system declared here", at: code.location)
            }
            codes[code.name] = code
        }
        for context in library.contexts where context.name != "Unfiltered" {
            guard context.name == "Patient" else { throw CQLError("unknown context \(context.name); Patient and Unfiltered are supported", at: context.location) }
            guard usesFHIR else { throw CQLError("context Patient needs `using FHIR version '4.0.1'`", at: context.location) }
        }
        if hasPatientContext { names["Patient"] = library.contexts.first { $0.name == "Patient" }?.location }
        for definition in library.expressions {
            try claim(definition.name, at: definition.location)
            expressionDefs[definition.name] = definition
        }
        for function in library.functions {
            if let earlier = names[function.name], functionDefs[function.name] == nil {
                throw CQLError("\(function.name) is already declared at \(earlier)", at: function.location)
            }
            names[function.name] = function.location
            functionDefs[function.name, default: []].append(function)
        }
        for parameter in library.parameters {
            try claim(parameter.name, at: parameter.location)
            var type = try parameter.type.map { (specifier) throws(CQLError) in try TypeResolution.resolve(specifier, usesFHIR: usesFHIR) }
            var defaultValue: Typed?
            if let expression = parameter.defaultValue {
                var value = try translate(expression, in: Scope())
                if let declared = type {
                    value = try coerce(value, to: declared, at: expression.location, what: "the default of parameter \(parameter.name)")
                }
                type = type ?? value.type
                defaultValue = value
            }
            parameters[parameter.name] = (parameter, type ?? .any, defaultValue)
        }
    }

    var hasPatientContext: Bool { library.contexts.contains { $0.name == "Patient" } }

    /// The implicit `Patient` definition of the Patient context: the patient's single resource.
    static let patientDefinition: JSON = [
        "name": "Patient", "context": "Patient",
        "expression": ELM.unary("SingletonFrom", retrieveELM(type: "Patient", codeProperty: nil, codes: nil)),
    ]

    static func retrieveELM(type: String, codeProperty: String?, codes: JSON?) -> JSON {
        ELM.node("Retrieve", [
            ("dataType", .string("{\(DataType.fhirURI)}\(type)")),
            ("templateId", .string("http://hl7.org/fhir/StructureDefinition/\(type)")),
            ("codeProperty", codeProperty.map(JSON.string)),
            ("codeComparator", codes == nil ? nil : "in"),
            ("codes", codes),
        ])
    }

    // MARK: Definitions

    /// The translated definition `name`, translating it first if need be.
    func expressionDefinition(_ name: String, at location: SourceLocation) throws(CQLError) -> Typed? {
        if let done = translatedExpressions[name] { return done }
        if name == "Patient", hasPatientContext { return Typed(ELM.null, .fhir("Patient")) }
        guard let definition = expressionDefs[name] else { return nil }
        guard inProgress.insert(name).inserted else {
            throw CQLError("\(name) refers to itself (through \(inProgress.sorted().joined(separator: ", ")))", at: location)
        }
        defer { inProgress.remove(name) }
        let translated = try translate(definition.body, in: Scope())
        translatedExpressions[name] = translated
        return translated
    }

    /// The signature and ELM of overload `index` of function `name`, translating it first if need be.
    func functionDefinition(_ name: String, overload index: Int, at location: SourceLocation) throws(CQLError) -> (signature: FunctionSignature, elm: JSON) {
        if let done = translatedFunctions[name]?[index] { return done }
        let function = functionDefs[name]![index]
        let key = "function \(name)"
        guard inProgress.insert(key).inserted else {
            throw CQLError("function \(name) calls itself; recursion is not supported", at: location)
        }
        defer { inProgress.remove(key) }
        var scope = Scope()
        var operandTypes: [DataType] = []
        var operandELM: [JSON] = []
        for operand in function.operands {
            let type = try TypeResolution.resolve(operand.type, usesFHIR: usesFHIR)
            scope.operands[operand.name] = type
            operandTypes.append(type)
            operandELM.append(["name": .string(operand.name), "operandTypeSpecifier": type.specifier])
        }
        let declared = try function.returnType.map { (specifier) throws(CQLError) in try TypeResolution.resolve(specifier, usesFHIR: usesFHIR) }
        guard let bodyAST = function.body else {
            throw CQLError("external function \(name) cannot be translated: it has no body", at: function.location)
        }
        var body = try translate(bodyAST, in: scope)
        if let declared { body = try coerce(body, to: declared, at: bodyAST.location, what: "the body of function \(name)") }
        let elm: JSON = .object(JSONObject([
            ("name", .string(name)), ("context", .string(function.context)), ("accessLevel", .string(function.access.rawValue)),
            ("type", "FunctionDef"), ("expression", body.elm), ("operand", .array(operandELM)),
        ]))
        let result = (FunctionSignature(operands: operandTypes, result: declared ?? body.type), elm)
        translatedFunctions[name, default: [:]][index] = result
        return result
    }

    /// Operand types of every overload of `name`, without translating bodies (for choosing one).
    func operandTypes(of name: String) throws(CQLError) -> [[DataType]] {
        var overloads: [[DataType]] = []
        for function in functionDefs[name] ?? [] {
            var types: [DataType] = []
            for operand in function.operands { types.append(try TypeResolution.resolve(operand.type, usesFHIR: usesFHIR)) }
            overloads.append(types)
        }
        return overloads
    }

    // MARK: Output

    func translate() throws(CQLError) -> TranslatedLibrary {
        var interface = CQLLibraryInterface(name: library.name ?? "Anonymous", version: library.version)
        var statements: [(SourceLocation, JSON)] = []
        for definition in library.expressions {
            let translated = try expressionDefinition(definition.name, at: definition.location)!
            statements.append((definition.location, .object(JSONObject([
                ("name", .string(definition.name)), ("context", .string(definition.context)),
                ("accessLevel", .string(definition.access.rawValue)), ("expression", translated.elm),
            ]))))
            if definition.access == .public { interface.expressions[definition.name] = translated.type }
        }
        for (name, overloads) in functionDefs {
            let signatures = try operandTypes(of: name)
            for (index, signature) in signatures.enumerated() where signatures[..<index].contains(signature) {
                throw CQLError("function \(name)(\(signature.map(\.description).joined(separator: ", "))) is declared twice", at: overloads[index].location)
            }
            for (index, function) in overloads.enumerated() {
                let translated = try functionDefinition(name, overload: index, at: function.location)
                statements.append((function.location, translated.elm))
                if function.access == .public { interface.functions[name, default: []].append(translated.signature) }
            }
        }
        statements.sort { ($0.0.line, $0.0.column) < ($1.0.line, $1.0.column) }
        var definitions = statements.map(\.1)
        if hasPatientContext {
            definitions.insert(Self.patientDefinition, at: 0)
            interface.expressions["Patient"] = .fhir("Patient")
        }
        for (name, parameter) in parameters where parameter.ast.access == .public { interface.parameters[name] = parameter.type }
        interface.valueSets = Set(valueSets.values.filter { $0.access == .public }.map(\.name))
        interface.codes = Set(codes.values.filter { $0.access == .public }.map(\.name))
        interface.codeSystems = Set(codeSystems.values.filter { $0.access == .public }.map(\.name))
        return TranslatedLibrary(elm: ["library": document(statements: definitions)], interface: interface)
    }

    private func document(statements: [JSON]) -> JSON {
        var members: [(String, JSON)] = []
        var identifier: [(String, JSON)] = [("id", .string(library.name ?? "Anonymous"))]
        if let version = library.version { identifier.append(("version", .string(version))) }
        members.append(("identifier", .object(JSONObject(identifier))))
        members.append(("schemaIdentifier", ["id": "urn:hl7-org:elm", "version": "r1"]))
        var usings: [JSON] = [["localIdentifier": "System", "uri": .string(DataType.systemURI)]]
        if usesFHIR { usings.append(["localIdentifier": "FHIR", "uri": .string(DataType.fhirURI), "version": "4.0.1"]) }
        members.append(("usings", ["def": .array(usings)]))
        if !library.includes.isEmpty {
            members.append(("includes", ["def": .array(library.includes.map { include in
                var def: [(String, JSON)] = [("localIdentifier", .string(include.alias)), ("path", .string(include.path))]
                if let version = include.version { def.append(("version", .string(version))) }
                return .object(JSONObject(def))
            })]))
        }
        if !library.parameters.isEmpty {
            members.append(("parameters", ["def": .array(library.parameters.map { ast in
                let parameter = parameters[ast.name]!
                var def: [(String, JSON)] = [("name", .string(ast.name)), ("accessLevel", .string(ast.access.rawValue))]
                if let value = parameter.defaultValue { def.append(("default", value.elm)) }
                if ast.type != nil { def.append(("parameterTypeSpecifier", parameter.type.specifier)) }
                return .object(JSONObject(def))
            })]))
        }
        if !library.codeSystems.isEmpty {
            members.append(("codeSystems", ["def": .array(library.codeSystems.map { system in
                var def: [(String, JSON)] = [("name", .string(system.name)), ("id", .string(system.id))]
                if let version = system.version { def.append(("version", .string(version))) }
                def.append(("accessLevel", .string(system.access.rawValue)))
                return .object(JSONObject(def))
            })]))
        }
        if !library.valueSets.isEmpty {
            members.append(("valueSets", ["def": .array(library.valueSets.map { valueSet in
                var def: [(String, JSON)] = [("name", .string(valueSet.name)), ("id", .string(valueSet.id))]
                if let version = valueSet.version { def.append(("version", .string(version))) }
                def.append(("accessLevel", .string(valueSet.access.rawValue)))
                return .object(JSONObject(def))
            })]))
        }
        if !library.codes.isEmpty {
            members.append(("codes", ["def": .array(library.codes.map { code in
                var def: [(String, JSON)] = [("name", .string(code.name)), ("id", .string(code.code))]
                if let display = code.display { def.append(("display", .string(display))) }
                def.append(("accessLevel", .string(code.access.rawValue)))
                def.append(("codeSystem", ["name": .string(code.system.name)]))
                return .object(JSONObject(def))
            })]))
        }
        if !library.contexts.isEmpty {
            var seen: Set<String> = []
            let names = library.contexts.map(\.name).filter { seen.insert($0).inserted }
            members.append(("contexts", ["def": .array(names.map { ["name": .string($0)] })]))
        }
        members.append(("statements", ["def": .array(statements)]))
        return .object(JSONObject(members))
    }
}
