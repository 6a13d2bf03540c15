@testable import CQL
import Testing

@Suite struct LexerTests {
    @Test func tokensCarryLineAndColumnAndSkipComments() throws {
        let tokens = try Lexer.tokens(of: "// a comment\ndefine \"Apnea index\": /* block\n comment */ 'it\\'s' <= 12.5")
        #expect(tokens.map(\.kind) == [
            .word("define"), .quotedIdentifier("Apnea index"), .symbol(":"), .string("it's"), .symbol("<="), .number("12.5"), .end,
        ])
        #expect(tokens[0].location == SourceLocation(line: 2, column: 1))
        #expect(tokens[1].location == SourceLocation(line: 2, column: 8))
        #expect(tokens[3].location == SourceLocation(line: 3, column: 13))
    }

    @Test func aNumberBeforeAPropertyDotStaysWhole() throws {
        #expect(try Lexer.tokens(of: "1.5 2.value").map(\.kind) == [.number("1.5"), .number("2"), .symbol("."), .word("value"), .end])
    }

    @Test func escapesAndDelimitedIdentifiers() throws {
        #expect(try Lexer.tokens(of: "'a\\nb\\u0041' `x y`").map(\.kind) == [.string("a\nbA"), .delimitedIdentifier("x y"), .end])
    }

    @Test func dateTimeLiterals() throws {
        #expect(try Lexer.tokens(of: "@2024-01-15T10:30:00Z @T08:00").map(\.kind) == [.dateTime("2024-01-15T10:30:00Z"), .dateTime("T08:00"), .end])
    }

    @Test(arguments: [
        ("define X:\n  'open", "2:3", "unterminated string"),
        ("define \"X: 1", "1:8", "unterminated quoted identifier"),
        ("define X: 1 /* never closed", "1:13", "unterminated comment"),
        ("define X: 1 # 2", "1:13", "unexpected character '#'"),
        ("define X: 'bad \\q escape'", "1:16", "unknown escape \\q"),
    ])
    func lexicalErrorsSayWhere(_ source: String, _ location: String, _ message: String) {
        #expect(throws: CQLError.self) { try Lexer.tokens(of: source) }
        do {
            _ = try Lexer.tokens(of: source)
        } catch {
            #expect(error.location.description == location)
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
