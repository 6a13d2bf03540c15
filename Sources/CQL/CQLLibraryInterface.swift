/// What other libraries can use of a translated library: its public definitions, functions and
/// terminology, with their types. Translating a library that includes this one checks its
/// references against it (a `Common.MostRecent(…)` call must name a function that exists and
/// takes those arguments).
public struct CQLLibraryInterface: Sendable {
    public let name: String
    public let version: String?
    var expressions: [String: DataType] = [:]
    var functions: [String: [FunctionSignature]] = [:]
    var parameters: [String: DataType] = [:]
    var valueSets: Set<String> = []
    var codes: Set<String> = []
    var codeSystems: Set<String> = []

    init(name: String, version: String?) {
        self.name = name
        self.version = version
    }

    /// The names of its public expression definitions.
    public var expressionNames: [String] { expressions.keys.sorted() }
    /// The names of its public functions.
    public var functionNames: [String] { functions.keys.sorted() }
}

/// One function overload: operand types and result type.
struct FunctionSignature: Sendable {
    var operands: [DataType]
    var result: DataType
}
