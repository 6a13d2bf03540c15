/// Splits CQL source into tokens, skipping whitespace and `//` and `/* */` comments.
///
/// Works on Unicode scalars so that columns match what an editor shows for non-ASCII text in
/// strings and quoted identifiers.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var column = 1

    /// Longest first, so `<=` is not read as `<` then `=`.
    private static let symbols = ["<=", ">=", "!=", "!~", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=", "~", "<", ">", "+", "-", "*", "/", "^", "&", "|"]

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func tokens(of source: String) throws(CQLError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func advance() {
        if scalars[position] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        position += 1
    }

    mutating func next() throws(CQLError) -> Token {
        try skipTrivia()
        let start = here
        guard let scalar = peek() else { return Token(kind: .end, location: start) }
        if scalar == "'" { return Token(kind: .string(try delimited(by: "'", what: "string", from: start)), location: start) }
        if scalar == "\"" {
            return Token(kind: .quotedIdentifier(try delimited(by: "\"", what: "quoted identifier", from: start)), location: start)
        }
        if scalar == "`" {
            return Token(kind: .delimitedIdentifier(try delimited(by: "`", what: "delimited identifier", from: start)), location: start)
        }
        if scalar == "@" { return Token(kind: .dateTime(try dateTime(from: start)), location: start) }
        if Self.isDigit(scalar) { return Token(kind: .number(number()), location: start) }
        if Self.isIdentifierStart(scalar) {
            var word = ""
            while let next = peek(), Self.isIdentifierPart(next) {
                word.unicodeScalars.append(next)
                advance()
            }
            return Token(kind: .word(word), location: start)
        }
        for symbol in Self.symbols where matches(symbol) {
            for _ in symbol.unicodeScalars { advance() }
            return Token(kind: .symbol(symbol), location: start)
        }
        throw CQLError("unexpected character '\(scalar)'", at: start)
    }

    private func matches(_ symbol: String) -> Bool {
        for (offset, expected) in symbol.unicodeScalars.enumerated() where peek(offset) != expected { return false }
        return true
    }

    private mutating func skipTrivia() throws(CQLError) {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
            } else if scalar == "/", peek(1) == "*" {
                let start = here
                advance()
                advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else { throw CQLError("unterminated comment: /* has no closing */", at: start) }
                    advance()
                }
                advance()
                advance()
            } else {
                return
            }
        }
    }

    /// The text between `quote`s, with CQL's escapes (`\'`, `\"`, `\\`, `\n`, `\uXXXX`, …) resolved.
    private mutating func delimited(by quote: Unicode.Scalar, what: String, from start: SourceLocation) throws(CQLError) -> String {
        advance()
        var text = ""
        while true {
            guard let scalar = peek() else { throw CQLError("unterminated \(what): no closing \(quote)", at: start) }
            if scalar == quote {
                advance()
                return text
            }
            if scalar == "\\" {
                let escapeAt = here
                advance()
                guard let escaped = peek() else { throw CQLError("unterminated \(what): no closing \(quote)", at: start) }
                advance()
                switch escaped {
                case "'", "\"", "`", "\\", "/": text.unicodeScalars.append(escaped)
                case "n": text += "\n"
                case "t": text += "\t"
                case "r": text += "\r"
                case "f": text += "\u{0C}"
                case "u":
                    var hex = ""
                    for _ in 0..<4 {
                        guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                            throw CQLError("\\u must be followed by four hexadecimal digits", at: escapeAt)
                        }
                        hex.unicodeScalars.append(digit)
                        advance()
                    }
                    guard let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                        throw CQLError("\\u\(hex) is not a character", at: escapeAt)
                    }
                    text.unicodeScalars.append(decoded)
                default:
                    throw CQLError("unknown escape \\\(escaped) in a \(what)", at: escapeAt)
                }
                continue
            }
            text.unicodeScalars.append(scalar)
            advance()
        }
    }

    /// Digits, with a fraction only when a digit follows the point (`1.value` stays three tokens).
    private mutating func number() -> String {
        var text = ""
        while let scalar = peek(), Self.isDigit(scalar) {
            text.unicodeScalars.append(scalar)
            advance()
        }
        if peek() == ".", let after = peek(1), Self.isDigit(after) {
            text += "."
            advance()
            while let scalar = peek(), Self.isDigit(scalar) {
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
        return text
    }

    /// `@2024-01-15T10:30:00.000+05:00` and friends: the characters a date, time or offset may hold.
    private mutating func dateTime(from start: SourceLocation) throws(CQLError) -> String {
        advance()
        var text = ""
        while let scalar = peek(), Self.isDigit(scalar) || "-:.TZ+".unicodeScalars.contains(scalar) {
            // A trailing `-`/`+` belongs to the next token (`@2024-01-01 - 1 day`) only after whitespace,
            // which already stops the loop.
            text.unicodeScalars.append(scalar)
            advance()
        }
        guard !text.isEmpty else { throw CQLError("@ must be followed by a date, time or date-time", at: start) }
        return text
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool { isIdentifierStart(scalar) || isDigit(scalar) }
}
