/// One lexical unit of CQL.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A plain identifier or keyword (`define`, `where`, `Observation`); the parser decides
        /// which, because most CQL keywords are only reserved in some positions.
        case word(String)
        /// `"Apnea-hypopnea index"`: an identifier that may contain any character.
        case quotedIdentifier(String)
        /// `` `name` ``: the older delimited identifier form, treated like a quoted one.
        case delimitedIdentifier(String)
        /// `'text'`, with escapes already resolved.
        case string(String)
        /// `12`, `12.5`: the literal text, kept exact for the ELM `value`.
        case number(String)
        /// `@2024-01-15`, `@2024-01-15T10:00:00Z`, `@T10:00`: the text after `@`.
        case dateTime(String)
        /// Punctuation and operators: `(`, `<=`, `!=`, …
        case symbol(String)
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// The word, when this is a plain identifier or keyword.
    var word: String? {
        if case .word(let word) = kind { word } else { nil }
    }

    func isWord(_ word: String) -> Bool { self.word == word }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }

    /// How the token reads in an error message.
    var shown: String {
        switch kind {
        case .word(let word): "'\(word)'"
        case .quotedIdentifier(let name): "\"\(name)\""
        case .delimitedIdentifier(let name): "`\(name)`"
        case .string(let text): "the string '\(text)'"
        case .number(let text): "the number \(text)"
        case .dateTime(let text): "@\(text)"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the library"
        }
    }
}
