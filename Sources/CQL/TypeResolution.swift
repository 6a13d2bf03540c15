/// Type names in CQL text resolved to ``DataType``s: `FHIR.Observation`, `System.String`, and
/// unqualified names (System first, then FHIR, as the models are searched).
enum TypeResolution {
    static func resolve(_ specifier: TypeSpecifierAST, usesFHIR: Bool) throws(CQLError) -> DataType {
        switch specifier {
        case .named(let name, let at):
            return try named(name, usesFHIR: usesFHIR, at: at)
        case .list(let element, _):
            return .list(try resolve(element, usesFHIR: usesFHIR))
        case .interval(let point, _):
            return .interval(try resolve(point, usesFHIR: usesFHIR))
        case .tuple(let elements, _):
            var resolved: [DataType.TupleElement] = []
            for (name, type) in elements { resolved.append(DataType.TupleElement(name: name, type: try resolve(type, usesFHIR: usesFHIR))) }
            return .tuple(resolved)
        case .choice(let choices, _):
            var resolved: [DataType] = []
            for choice in choices { resolved.append(try resolve(choice, usesFHIR: usesFHIR)) }
            return .choice(resolved)
        }
    }

    static func named(_ name: QualifiedName, usesFHIR: Bool, at location: SourceLocation) throws(CQLError) -> DataType {
        switch name.qualifier {
        case "System":
            guard DataType.systemTypes.contains(name.name) else { throw CQLError("unknown type System.\(name.name)", at: location) }
            return name.name == "Any" ? .any : .system(name.name)
        case "FHIR":
            guard usesFHIR else { throw CQLError("FHIR.\(name.name) needs `using FHIR version '4.0.1'`", at: location) }
            guard FHIRModel.knownTypes.contains(name.name) else {
                throw CQLError("unknown type FHIR.\(name.name) (not in the translator's FHIR R4 model table)", at: location)
            }
            return .fhir(name.name)
        case nil:
            if DataType.systemTypes.contains(name.name) { return name.name == "Any" ? .any : .system(name.name) }
            if usesFHIR, FHIRModel.knownTypes.contains(name.name) { return .fhir(name.name) }
            throw CQLError("unknown type \(name.name)", at: location)
        case let model?:
            throw CQLError("unknown model \(model) in type \(name)", at: location)
        }
    }
}
