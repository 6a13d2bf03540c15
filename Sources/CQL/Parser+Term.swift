/// Expression terms, tightest first: invocations (`.name`, `.f(…)`, `[i]`), prefix term operators
/// (`-x`, `start of`, `date from`, `singleton from`), `^`, `* / div mod`, `+ - &`; and the terms
/// whose operands are whole expressions (`if`, `case`, `distinct`, `flatten`).
extension Parser {
    private static let prefixLevel = 4

    private static func termOperator(_ token: Token) -> (BinaryOperator, level: Int)? {
        switch token.kind {
        case .symbol("^"): (.power, 3)
        case .symbol("*"): (.multiply, 2)
        case .symbol("/"): (.divide, 2)
        case .word("div"): (.div, 2)
        case .word("mod"): (.mod, 2)
        case .symbol("+"): (.add, 1)
        case .symbol("-"): (.subtract, 1)
        case .symbol("&"): (.concatenate, 1)
        default: nil
        }
    }

    /// The binary term operators after an already parsed left operand.
    mutating func continueTerm(from first: ExpressionAST, level: Int = 0) throws(CQLError) -> ExpressionAST {
        var left = first
        while let (op, opLevel) = Self.termOperator(current), opLevel >= level {
            let at = advance().location
            let right = try parseTerm(level: opLevel + 1)
            left = ExpressionAST(.binary(op, left, right), at: at)
        }
        return left
    }

    mutating func parseTerm(level: Int) throws(CQLError) -> ExpressionAST {
        try continueTerm(from: try parseUnaryTerm(), level: level)
    }

    mutating func parseUnaryTerm() throws(CQLError) -> ExpressionAST {
        try nested { (parser: inout Parser) throws(CQLError) in try parser.parseUnaryTermInside() }
    }

    private mutating func parseUnaryTermInside() throws(CQLError) -> ExpressionAST {
        let start = current.location
        if accept(symbol: "-") { return ExpressionAST(.unary(.negate, try parseUnaryTerm()), at: start) }
        if accept(symbol: "+") { return ExpressionAST(.unary(.plus, try parseUnaryTerm()), at: start) }
        if let word = current.word, peek(1).isWord("of"), word == "start" || word == "end" {
            advance()
            advance()
            return ExpressionAST(.unary(word == "start" ? .startOf : .endOf, try parseUnaryTerm()), at: start)
        }
        if let word = current.word, peek(1).isWord("from") {
            if word == "singleton" || word == "point" {
                advance()
                advance()
                return ExpressionAST(.unary(word == "singleton" ? .singletonFrom : .pointFrom, try parseUnaryTerm()), at: start)
            }
            if Keywords.extractors.contains(word) || Keywords.componentPrecisions[word] != nil {
                advance()
                advance()
                return ExpressionAST(.extract(word, try parseUnaryTerm()), at: start)
            }
        }
        if let word = current.word, ["convert", "duration", "difference", "width", "successor", "predecessor", "expand", "collapse"].contains(word),
            !peek(1).isSymbol("("), !peek(1).isSymbol(".")
        {
            throw CQLError("'\(word)' expressions are not supported by this translator", at: start)
        }
        if accept(word: "if") {
            let condition = try parseExpression()
            try expect(word: "then")
            let then = try parseExpression()
            try expect(word: "else")
            return ExpressionAST(.ifThenElse(condition, then, try parseExpression()), at: start)
        }
        if accept(word: "case") { return try parseCase(at: start) }
        if accept(word: "distinct") { return ExpressionAST(.unary(.distinct, try parseExpression()), at: start) }
        if accept(word: "flatten") { return ExpressionAST(.unary(.flatten, try parseExpression()), at: start) }
        return try parsePostfixTerm()
    }

    private mutating func parseCase(at start: SourceLocation) throws(CQLError) -> ExpressionAST {
        let comparand = current.isWord("when") ? nil : try parseExpression()
        var items: [(ExpressionAST, ExpressionAST)] = []
        while accept(word: "when") {
            let when = try parseExpression()
            try expect(word: "then")
            items.append((when, try parseExpression()))
        }
        guard !items.isEmpty else { throw unexpected("'when'") }
        try expect(word: "else")
        let otherwise = try parseExpression()
        try expect(word: "end")
        return ExpressionAST(.caseOf(comparand: comparand, items: items, otherwise: otherwise), at: start)
    }

    /// A primary term and the invocations after it: `a.b.c`, `Lib.f(x)`, `list[0]`.
    mutating func parsePostfixTerm() throws(CQLError) -> ExpressionAST {
        var term = try parsePrimaryTerm()
        while true {
            let at = current.location
            if accept(symbol: ".") {
                let name: String
                switch current.kind {
                case .word(let word): name = word  // reserved words are fine after a dot (`period.end`)
                case .quotedIdentifier(let quoted), .delimitedIdentifier(let quoted): name = quoted
                default: throw unexpected("a name after '.'")
                }
                advance()
                if accept(symbol: "(") {
                    term = ExpressionAST(.call(qualifier: term, name: name, arguments: try parseArguments()), at: at)
                } else {
                    term = ExpressionAST(.member(term, name), at: at)
                }
            } else if accept(symbol: "[") {
                let index = try parseExpression()
                try expect(symbol: "]")
                term = ExpressionAST(.index(term, index), at: at)
            } else {
                return term
            }
        }
    }

    /// The arguments after `(`, through the closing `)`.
    private mutating func parseArguments() throws(CQLError) -> [ExpressionAST] {
        var arguments: [ExpressionAST] = []
        if accept(symbol: ")") { return arguments }
        repeat { arguments.append(try parseExpression()) } while accept(symbol: ",")
        try expect(symbol: ")")
        return arguments
    }

    private mutating func parsePrimaryTerm() throws(CQLError) -> ExpressionAST {
        let token = current
        let start = token.location
        switch token.kind {
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            try expect(symbol: ")")
            return ExpressionAST(.parenthesized(inner), at: start)
        case .symbol("["):
            return try parseRetrieve()
        case .symbol("{"):
            return try parseBraces(at: start)
        case .string(let text):
            advance()
            return ExpressionAST(.literal(.string(text)), at: start)
        case .number(let text):
            advance()
            if case .string(let unit) = current.kind {
                advance()
                return ExpressionAST(.literal(.quantity(text, unit: unit)), at: start)
            }
            if let unit = current.word, Keywords.temporalUnits.contains(unit) {
                advance()
                return ExpressionAST(.literal(.quantity(text, unit: unit)), at: start)
            }
            return ExpressionAST(.literal(.number(text)), at: start)
        case .dateTime(let text):
            advance()
            return ExpressionAST(.literal(.dateTime(text)), at: start)
        case .word("null"):
            advance()
            return ExpressionAST(.literal(.null), at: start)
        case .word("true"), .word("false"):
            advance()
            return ExpressionAST(.literal(.boolean(token.isWord("true"))), at: start)
        case .word("Tuple") where peek(1).isSymbol("{"):
            advance()
            return try parseBraces(at: start, tupleOnly: true)
        case .word("List") where peek(1).isSymbol("<"):
            let type = try parseTypeSpecifier()
            guard case .list(let element, _) = type else { throw unexpected("a list type") }
            guard current.isSymbol("{") else { throw unexpected("'{' after the list type") }
            let list = try parseBraces(at: start)
            guard case .list(_, let elements) = list.kind else { throw CQLError("a typed list selector needs a list, not a tuple", at: start) }
            return ExpressionAST(.list(elementType: element, elements), at: start)
        case .word("Interval") where peek(1).isSymbol("[") || peek(1).isSymbol("("):
            advance()
            let lowClosed = advance().isSymbol("[")
            let low = try parseExpression()
            try expect(symbol: ",")
            let high = try parseExpression()
            guard current.isSymbol("]") || current.isSymbol(")") else { throw unexpected("']' or ')' closing the interval") }
            let highClosed = advance().isSymbol("]")
            return ExpressionAST(.interval(low: low, lowClosed: lowClosed, high: high, highClosed: highClosed), at: start)
        case .word("Code") where { if case .string = peek(1).kind { true } else { false } }():
            advance()
            let code = try expectString("the code")
            try expect(word: "from")
            let system = try parseQualifiedName("a code system")
            let display = accept(word: "display") ? try expectString("the display as a string") : nil
            return ExpressionAST(.codeSelector(code: code, system: system, display: display), at: start)
        default:
            break
        }
        guard let name = Self.identifier(in: token) else { throw unexpected("an expression") }
        advance()
        if case .word = token.kind, current.isSymbol("{") {
            return try parseInstance(QualifiedName(qualifier: nil, name: name), at: start)
        }
        if case .word = token.kind, current.isSymbol("."), case .word(let second) = peek(1).kind, peek(2).isSymbol("{") {
            advance()
            advance()
            return try parseInstance(QualifiedName(qualifier: name, name: second), at: start)
        }
        if accept(symbol: "(") {
            return ExpressionAST(.call(qualifier: nil, name: name, arguments: try parseArguments()), at: start)
        }
        return ExpressionAST(.identifier(name), at: start)
    }

    /// `Code { system: 's', code: 'c' }`, after the type name.
    private mutating func parseInstance(_ type: QualifiedName, at start: SourceLocation) throws(CQLError) -> ExpressionAST {
        try expect(symbol: "{")
        let elements = try parseTupleElements()
        return ExpressionAST(.instance(type, elements), at: start)
    }

    /// `name: value, …` through the closing `}`.
    private mutating func parseTupleElements() throws(CQLError) -> [(String, ExpressionAST)] {
        var elements: [(String, ExpressionAST)] = []
        if accept(symbol: ":") {
            try expect(symbol: "}")
            return elements
        }
        if accept(symbol: "}") { return elements }
        repeat {
            let at = current.location
            let name = try expectIdentifier("an element name")
            if elements.contains(where: { $0.0 == name }) { throw CQLError("element \(name) is given twice", at: at) }
            try expect(symbol: ":")
            elements.append((name, try parseExpression()))
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return elements
    }

    /// `{ a, b }` (a list), `{ name: value }` or `{ : }` (a tuple), at the `{`.
    private mutating func parseBraces(at start: SourceLocation, tupleOnly: Bool = false) throws(CQLError) -> ExpressionAST {
        try expect(symbol: "{")
        let isTuple = tupleOnly || current.isSymbol(":") || (Self.identifier(in: current) != nil && peek(1).isSymbol(":"))
        if isTuple { return ExpressionAST(.tuple(try parseTupleElements()), at: start) }
        var elements: [ExpressionAST] = []
        if !accept(symbol: "}") {
            repeat { elements.append(try parseExpression()) } while accept(symbol: ",")
            try expect(symbol: "}")
        }
        return ExpressionAST(.list(elementType: nil, elements), at: start)
    }

    /// `[Observation]`, `[Observation: "Value set"]`, `[Condition: code in "Value set"]`.
    private mutating func parseRetrieve() throws(CQLError) -> ExpressionAST {
        let start = current.location
        try expect(symbol: "[")
        let type = try parseQualifiedName("a resource type")
        var retrieve = RetrieveAST(type: type, codePath: nil, terminology: nil)
        if accept(symbol: ":") {
            if let path = Self.identifier(in: current), peek(1).isWord("in") {
                advance()
                advance()
                retrieve.codePath = path
            }
            retrieve.terminology = try parseExpression()
        }
        try expect(symbol: "]")
        return ExpressionAST(.retrieve(retrieve), at: start)
    }
}
