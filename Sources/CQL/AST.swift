/// The parsed form of a CQL library, before names are resolved. The translator turns it into ELM.

/// `public` or `private`, as declared (`Public` when not).
enum AccessLevel: String, Sendable {
    case `public` = "Public"
    case `private` = "Private"
}

struct LibraryAST: Sendable {
    var name: String?
    var version: String?
    var location: SourceLocation
    var usings: [UsingAST] = []
    var includes: [IncludeAST] = []
    var codeSystems: [CodeSystemAST] = []
    var valueSets: [ValueSetAST] = []
    var codes: [CodeAST] = []
    var parameters: [ParameterAST] = []
    /// Contexts in the order they are declared.
    var contexts: [ContextAST] = []
    var expressions: [ExpressionDefAST] = []
    var functions: [FunctionDefAST] = []
}

struct UsingAST: Sendable {
    var model: String
    var version: String?
    var location: SourceLocation
}

struct IncludeAST: Sendable {
    var path: String
    var version: String?
    /// `called X`, or the path's last part when there is none.
    var alias: String
    var location: SourceLocation
}

struct CodeSystemAST: Sendable {
    var name: String
    var id: String
    var version: String?
    var access: AccessLevel
    var location: SourceLocation
}

struct ValueSetAST: Sendable {
    var name: String
    var id: String
    var version: String?
    var access: AccessLevel
    var location: SourceLocation
}

struct CodeAST: Sendable {
    var name: String
    var code: String
    var system: QualifiedName
    var display: String?
    var access: AccessLevel
    var location: SourceLocation
}

struct ParameterAST: Sendable {
    var name: String
    var type: TypeSpecifierAST?
    var defaultValue: ExpressionAST?
    var access: AccessLevel
    var location: SourceLocation
}

struct ContextAST: Sendable {
    var name: String
    var location: SourceLocation
}

struct ExpressionDefAST: Sendable {
    var name: String
    var context: String
    var access: AccessLevel
    var body: ExpressionAST
    var location: SourceLocation
}

struct FunctionDefAST: Sendable {
    struct Operand: Sendable {
        var name: String
        var type: TypeSpecifierAST
        var location: SourceLocation
    }
    var name: String
    var context: String
    var access: AccessLevel
    var operands: [Operand]
    var returnType: TypeSpecifierAST?
    /// `nil` for an `external` function, which has no body to translate.
    var body: ExpressionAST?
    var location: SourceLocation
}

/// `Common."Apnea index"` or `"Apnea index"`: a name with an optional library qualifier.
struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
    var qualifier: String?
    var name: String
    var description: String { qualifier.map { "\($0).\(name)" } ?? name }
}

/// `FHIR.Observation`, `List<FHIR.Observation>`, `Interval<DateTime>`, `Tuple { a String }`, `Choice<A, B>`.
indirect enum TypeSpecifierAST: Sendable {
    case named(QualifiedName, SourceLocation)
    case list(TypeSpecifierAST, SourceLocation)
    case interval(TypeSpecifierAST, SourceLocation)
    case tuple([(String, TypeSpecifierAST)], SourceLocation)
    case choice([TypeSpecifierAST], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .named(_, let at), .list(_, let at), .interval(_, let at), .tuple(_, let at), .choice(_, let at): at
        }
    }
}
