import FHIR

/// The CQL type of an expression, as far as the translator needs it: to read properties of
/// FHIR elements (single or list-valued), to pick `Concatenate` or `Add` for `+`, to check
/// function arguments and to write type specifiers into the ELM.
indirect enum DataType: Hashable, Sendable, CustomStringConvertible {
    /// `System.String`, `System.Integer`, … (`urn:hl7-org:elm-types:r1`).
    case system(String)
    /// `FHIR.Observation`, `FHIR.dateTime`, … (`http://hl7.org/fhir`).
    case fhir(String)
    case list(DataType)
    case interval(DataType)
    case tuple([TupleElement])
    case choice([DataType])
    /// `System.Any`: what an untyped `null` has, and what fits anywhere.
    case any

    struct TupleElement: Hashable, Sendable {
        var name: String
        var type: DataType
    }

    static let systemURI = "urn:hl7-org:elm-types:r1"
    static let fhirURI = "http://hl7.org/fhir"

    static let boolean = DataType.system("Boolean")
    static let integer = DataType.system("Integer")
    static let decimal = DataType.system("Decimal")
    static let string = DataType.system("String")
    static let date = DataType.system("Date")
    static let dateTime = DataType.system("DateTime")
    static let time = DataType.system("Time")
    static let quantity = DataType.system("Quantity")
    static let code = DataType.system("Code")
    static let concept = DataType.system("Concept")
    static let valueSet = DataType.system("ValueSet")
    static let codeSystem = DataType.system("CodeSystem")

    /// The System types a CQL library can name.
    static let systemTypes: Set<String> = [
        "Any", "Boolean", "Integer", "Long", "Decimal", "String", "Date", "DateTime", "Time", "Quantity", "Ratio", "Code",
        "Concept", "ValueSet", "CodeSystem", "Vocabulary",
    ]

    var description: String {
        switch self {
        case .system(let name): "System.\(name)"
        case .fhir(let name): "FHIR.\(name)"
        case .list(let element): "List<\(element)>"
        case .interval(let point): "Interval<\(point)>"
        case .tuple(let elements): "Tuple { \(elements.map { "\($0.name) \($0.type)" }.joined(separator: ", ")) }"
        case .choice(let types): "Choice<\(types.map(\.description).joined(separator: ", "))>"
        case .any: "System.Any"
        }
    }

    var elementType: DataType? {
        if case .list(let element) = self { element } else { nil }
    }

    var isList: Bool { elementType != nil }

    /// The ELM qualified name of a named type: `{urn:hl7-org:elm-types:r1}String`.
    var qualifiedName: String? {
        switch self {
        case .system(let name): "{\(Self.systemURI)}\(name)"
        case .fhir(let name): "{\(Self.fhirURI)}\(name)"
        case .any: "{\(Self.systemURI)}Any"
        default: nil
        }
    }

    /// The ELM type specifier (`NamedTypeSpecifier`, `ListTypeSpecifier`, …).
    var specifier: JSON {
        switch self {
        case .system, .fhir, .any:
            return ["type": "NamedTypeSpecifier", "name": .string(qualifiedName!)]
        case .list(let element):
            return ["type": "ListTypeSpecifier", "elementType": element.specifier]
        case .interval(let point):
            return ["type": "IntervalTypeSpecifier", "pointType": point.specifier]
        case .tuple(let elements):
            return [
                "type": "TupleTypeSpecifier",
                "element": .array(elements.map { ["name": .string($0.name), "elementType": $0.type.specifier] }),
            ]
        case .choice(let types):
            return ["type": "ChoiceTypeSpecifier", "choice": .array(types.map(\.specifier))]
        }
    }

    var isNumeric: Bool { self == .integer || self == .decimal || self == .system("Long") }

    /// Types `<`, `>`, min and max are defined for.
    var isOrdered: Bool {
        isNumeric || [.string, .date, .dateTime, .time, .quantity].contains(self)
    }

    /// Whether a value of this type can stand where `other` is expected without conversion.
    func isSubtype(of other: DataType) -> Bool {
        if self == other || other == .any || self == .any { return true }
        switch (self, other) {
        case (.list(let a), .list(let b)), (.interval(let a), .interval(let b)):
            return a.isSubtype(of: b)
        case (.choice(let choices), _):
            return choices.allSatisfy { $0.isSubtype(of: other) }
        case (_, .choice(let choices)):
            return choices.contains { isSubtype(of: $0) }
        case (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.type.isSubtype(of: $1.type) }
        case (.fhir(let name), .fhir(let target)):
            var base = FHIRModel.baseType[name]
            while let current = base {
                if current == target { return true }
                base = FHIRModel.baseType[current]
            }
            return false
        default:
            return false
        }
    }
}
