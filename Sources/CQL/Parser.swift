/// Recursive-descent parser for CQL 1.5: a token cursor and the helpers every rule uses.
/// The rules themselves live in `Parser+Library.swift` (declarations), `Parser+Expression.swift`
/// (operators by precedence), `Parser+Term.swift` (selectors, literals, invocations),
/// `Parser+Query.swift` and `Parser+Type.swift`.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    /// How deeply expressions nest here; bounded so that hostile input is an error, not a stack overflow.
    private var depth = 0
    private static let maximumDepth = 100

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole library.
    static func library(_ source: String) throws(CQLError) -> LibraryAST {
        var parser = Parser(tokens: try Lexer.tokens(of: source))
        return try parser.parseLibrary()
    }

    /// Parses one expression and nothing after it (for tests and tools).
    static func expression(_ source: String) throws(CQLError) -> ExpressionAST {
        var parser = Parser(tokens: try Lexer.tokens(of: source))
        let expression = try parser.parseExpression()
        guard parser.current.kind == .end else { throw parser.unexpected("the end of the expression") }
        return expression
    }

    var current: Token { tokens[index] }

    /// Runs `parse` one nesting level deeper, refusing input nested beyond ``maximumDepth``.
    mutating func nested<T>(_ parse: (inout Parser) throws(CQLError) -> T) throws(CQLError) -> T {
        guard depth < Self.maximumDepth else {
            throw CQLError("the expression is nested more than \(Self.maximumDepth) levels deep", at: current.location)
        }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes the word when it is next.
    mutating func accept(word: String) -> Bool {
        guard current.isWord(word) else { return false }
        advance()
        return true
    }

    mutating func accept(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(word: String) throws(CQLError) {
        guard accept(word: word) else { throw unexpected("'\(word)'") }
    }

    mutating func expect(symbol: String) throws(CQLError) {
        guard accept(symbol: symbol) else { throw unexpected("'\(symbol)'") }
    }

    mutating func expectString(_ what: String) throws(CQLError) -> String {
        guard case .string(let text) = current.kind else { throw unexpected(what) }
        advance()
        return text
    }

    func unexpected(_ expected: String) -> CQLError {
        CQLError("expected \(expected) but found \(current.shown)", at: current.location)
    }

    /// An identifier at `token`: a non-reserved word, a quoted or a delimited identifier.
    static func identifier(in token: Token) -> String? {
        switch token.kind {
        case .word(let word): Keywords.reserved.contains(word) ? nil : word
        case .quotedIdentifier(let name), .delimitedIdentifier(let name): name
        default: nil
        }
    }

    mutating func expectIdentifier(_ what: String = "an identifier") throws(CQLError) -> String {
        guard let name = Self.identifier(in: current) else { throw unexpected(what) }
        advance()
        return name
    }
}
