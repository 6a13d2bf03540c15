/// Expression-level operators, by CQL's precedence (the order of the `expression` alternatives in
/// the CQL 1.5 grammar, loosest first):
///
/// ```
/// | union intersect except      1
/// implies                       2
/// or xor                        3
/// and                           4
/// in contains                   5
/// = != ~ !~                     6
/// < <= > >=                     7
/// not exists cast  (prefix)     8   operand parsed at this level, so `not A = B` is `(not A) = B`
/// is as, is null   (postfix)    9
/// ```
///
/// Everything tighter (`.`, arithmetic, `if`, selectors) is an expression *term*, in `Parser+Term.swift`.
extension Parser {
    private static let prefixLevel = 8
    private static let postfixLevel = 9

    private static func binaryOperator(_ token: Token) -> (BinaryOperator, level: Int)? {
        switch token.kind {
        case .symbol("|"): (.union, 1)
        case .word("union"): (.union, 1)
        case .word("intersect"): (.intersect, 1)
        case .word("except"): (.except, 1)
        case .word("implies"): (.implies, 2)
        case .word("or"): (.or, 3)
        case .word("xor"): (.xor, 3)
        case .word("and"): (.and, 4)
        case .word("in"): (.in, 5)
        case .word("contains"): (.contains, 5)
        case .symbol("="): (.equal, 6)
        case .symbol("!="): (.notEqual, 6)
        case .symbol("~"): (.equivalent, 6)
        case .symbol("!~"): (.notEquivalent, 6)
        case .symbol("<"): (.less, 7)
        case .symbol("<="): (.lessOrEqual, 7)
        case .symbol(">"): (.greater, 7)
        case .symbol(">="): (.greaterOrEqual, 7)
        default: nil
        }
    }

    mutating func parseExpression(level: Int = 0) throws(CQLError) -> ExpressionAST {
        try nested { (parser: inout Parser) throws(CQLError) in try parser.parseOperators(level: level) }
    }

    private mutating func parseOperators(level: Int) throws(CQLError) -> ExpressionAST {
        var left = try parsePrefixExpression()
        while true {
            let token = current
            if token.isWord("is") || token.isWord("as") {
                guard Self.postfixLevel >= level else { return left }
                left = try parsePostfixType(left)
                continue
            }
            if ["during", "before", "after", "overlaps", "meets", "starts", "ends", "occurs", "same", "within", "includes", "included", "properly", "between"]
                .contains(token.word ?? "")
            {
                throw CQLError("the timing operator '\(token.word!)' is not supported by this translator", at: token.location)
            }
            guard let (op, opLevel) = Self.binaryOperator(token), opLevel >= level else { return left }
            advance()
            let right = try parseExpression(level: opLevel + 1)
            left = ExpressionAST(.binary(op, left, right), at: token.location)
        }
    }

    /// `not`, `exists` and `cast … as`, whose operand binds everything tighter than comparison.
    private mutating func parsePrefixExpression() throws(CQLError) -> ExpressionAST {
        let start = current.location
        if accept(word: "not") {
            return ExpressionAST(.unary(.not, try parseExpression(level: Self.prefixLevel)), at: start)
        }
        if accept(word: "exists") {
            return ExpressionAST(.unary(.exists, try parseExpression(level: Self.prefixLevel)), at: start)
        }
        if accept(word: "cast") {
            let operand = try parseExpression(level: Self.postfixLevel + 1)
            try expect(word: "as")
            return ExpressionAST(.typeTest(.cast, operand, try parseTypeSpecifier()), at: start)
        }
        return try parseQueryOrTerm()
    }

    /// `x is null`, `x is not true`, `x is T`, `x as T`.
    private mutating func parsePostfixType(_ operand: ExpressionAST) throws(CQLError) -> ExpressionAST {
        let token = advance()
        if token.isWord("is") {
            let negated = accept(word: "not")
            let tested: UnaryOperator? =
                if accept(word: "null") { negated ? .isNotNull : .isNull }
                else if accept(word: "true") { negated ? .isNotTrue : .isTrue }
                else if accept(word: "false") { negated ? .isNotFalse : .isFalse }
                else { nil }
            if let tested { return ExpressionAST(.unary(tested, operand), at: token.location) }
            if negated { throw unexpected("null, true or false after 'is not'") }
            return ExpressionAST(.typeTest(.is, operand, try parseTypeSpecifier()), at: token.location)
        }
        return ExpressionAST(.typeTest(.as, operand, try parseTypeSpecifier()), at: token.location)
    }

    /// A retrieve, a query, or an expression term. A query starts with a source — a retrieve, a
    /// (qualified) identifier or a parenthesized expression — followed by an alias.
    private mutating func parseQueryOrTerm() throws(CQLError) -> ExpressionAST {
        if current.isWord("from") { return try parseMultiSourceQuery() }
        let start = current.location
        let first = try parseUnaryTerm()
        if Self.canBeQuerySource(first), let alias = Self.identifier(in: current) {
            let aliasAt = advance().location
            let source = QueryAST.Source(expression: first, alias: alias, location: aliasAt)
            return ExpressionAST(.query(try parseQueryClauses(sources: [source])), at: start)
        }
        return try continueTerm(from: first)
    }

    static func canBeQuerySource(_ expression: ExpressionAST) -> Bool {
        switch expression.kind {
        case .retrieve, .parenthesized, .identifier: true
        case .member(let source, _): canBeQuerySource(source) && !isParenthesized(source)
        default: false
        }
    }

    private static func isParenthesized(_ expression: ExpressionAST) -> Bool {
        if case .parenthesized = expression.kind { true } else { false }
    }
}
