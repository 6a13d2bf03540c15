/// A CQL expression as written, with where it starts. Names are not resolved yet: `Foo` may be a
/// definition, an alias, an operand or a value set, which only the translator can tell.
struct ExpressionAST: Sendable {
    var kind: Kind
    var location: SourceLocation

    init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    indirect enum Kind: Sendable {
        case literal(LiteralAST)
        /// `Foo` or `"Foo"`.
        case identifier(String)
        /// `source.name`: a property, or a library member when `source` names an included library.
        case member(ExpressionAST, String)
        /// `Name(args)`, or `source.Name(args)` for a function of an included library.
        case call(qualifier: ExpressionAST?, name: String, arguments: [ExpressionAST])
        /// `list[index]`
        case index(ExpressionAST, ExpressionAST)
        /// `[Observation: "Value set"]`, `[Condition: code in "Value set"]`
        case retrieve(RetrieveAST)
        case query(QueryAST)
        case unary(UnaryOperator, ExpressionAST)
        case binary(BinaryOperator, ExpressionAST, ExpressionAST)
        /// `x is T`, `x as T`, `cast x as T`
        case typeTest(TypeOperator, ExpressionAST, TypeSpecifierAST)
        /// `date from x`, `year from x`
        case extract(String, ExpressionAST)
        case ifThenElse(ExpressionAST, ExpressionAST, ExpressionAST)
        /// `case [comparand] when a then b … else c end`
        case caseOf(comparand: ExpressionAST?, items: [(ExpressionAST, ExpressionAST)], otherwise: ExpressionAST)
        /// `{ a, b }` or `List<T> { … }`
        case list(elementType: TypeSpecifierAST?, [ExpressionAST])
        /// `Tuple { a: 1 }` or `{ a: 1 }`
        case tuple([(String, ExpressionAST)])
        /// `Code { system: 's', code: 'c' }`
        case instance(QualifiedName, [(String, ExpressionAST)])
        /// `Code '123' from "LOINC" display 'x'`
        case codeSelector(code: String, system: QualifiedName, display: String?)
        /// `Interval[a, b)`
        case interval(low: ExpressionAST, lowClosed: Bool, high: ExpressionAST, highClosed: Bool)
        /// `(x)`: kept so that a parenthesized expression can be a query source, as the grammar says.
        case parenthesized(ExpressionAST)
    }
}

enum LiteralAST: Sendable {
    case null
    case boolean(Bool)
    case string(String)
    /// Integer or decimal, as written.
    case number(String)
    /// `5 'mg'`, `3 days`
    case quantity(String, unit: String)
    case dateTime(String)
}

enum UnaryOperator: String, Sendable {
    case not, exists, distinct, flatten, singletonFrom = "singleton from", negate = "-", plus = "+"
    case isNull = "is null", isNotNull = "is not null", isTrue = "is true", isNotTrue = "is not true"
    case isFalse = "is false", isNotFalse = "is not false"
    case startOf = "start of", endOf = "end of", pointFrom = "point from"
}

enum BinaryOperator: String, Sendable {
    case and, or, xor, implies
    case equal = "=", notEqual = "!=", equivalent = "~", notEquivalent = "!~"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`, contains
    case add = "+", subtract = "-", multiply = "*", divide = "/", div, mod, power = "^", concatenate = "&"
    case union, intersect, except
}

enum TypeOperator: String, Sendable {
    case `is`, `as`, cast
}

struct RetrieveAST: Sendable {
    var type: QualifiedName
    /// `code` in `[Condition: code in "X"]`; `nil` for the type's primary code path.
    var codePath: String?
    var terminology: ExpressionAST?
}

struct QueryAST: Sendable {
    struct Source: Sendable {
        var expression: ExpressionAST
        var alias: String
        var location: SourceLocation
    }
    struct Relationship: Sendable {
        var without: Bool
        var source: Source
        var suchThat: ExpressionAST
    }
    struct SortItem: Sendable {
        var expression: ExpressionAST
        var descending: Bool
    }
    enum Sort: Sendable {
        /// `sort asc`/`sort desc`: the elements themselves.
        case direction(descending: Bool)
        case by([SortItem])
    }
    var sources: [Source]
    var lets: [(String, ExpressionAST)]
    var relationships: [Relationship]
    var condition: ExpressionAST?
    /// The return expression and whether it was `return all`.
    var returnClause: (expression: ExpressionAST, all: Bool)?
    var sort: Sort?
}
