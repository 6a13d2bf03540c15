import FHIR
import Testing

@Suite("JSON rejections")
struct JSONParseErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(text: "", line: 1, column: 1, message: "the document is empty"),
        Case(text: "  \n ", line: 2, column: 2, message: "the document is empty"),
        Case(text: #"{"a": 1} x"#, line: 1, column: 10, message: "unexpected 'x' after the JSON value"),
        Case(text: "[1] [2]", line: 1, column: 5, message: "unexpected '[' after the JSON value"),
        Case(text: #"{"a": 1,}"#, line: 1, column: 9, message: "trailing comma before '}'"),
        Case(text: "[1, 2,]", line: 1, column: 7, message: "trailing comma before ']'"),
        Case(text: "[01]", line: 1, column: 3, message: "leading zeros are not allowed"),
        Case(text: "[-01]", line: 1, column: 4, message: "leading zeros are not allowed"),
        Case(text: "[1.]", line: 1, column: 4, message: "expected a digit after the decimal point"),
        Case(text: "[.5]", line: 1, column: 2, message: "unexpected '.'; expected a JSON value"),
        Case(text: "[1e]", line: 1, column: 4, message: "expected a digit in the exponent"),
        Case(text: "[-]", line: 1, column: 3, message: "expected a digit after '-'"),
        Case(text: "[+1]", line: 1, column: 2, message: "unexpected '+'; expected a JSON value"),
        Case(text: #"["\uD800"]"#, line: 1, column: 3, message: "lone high surrogate \\uD800"),
        Case(text: #"["\uD800\u0041"]"#, line: 1, column: 3, message: "is followed by \\u0041, not a low surrogate"),
        Case(text: #"["ok", "\uDC00"]"#, line: 1, column: 9, message: "lone low surrogate \\uDC00"),
        Case(text: #"["\u12G4"]"#, line: 1, column: 3, message: "invalid \\u escape"),
        Case(text: #"["\x"]"#, line: 1, column: 3, message: "invalid escape sequence '\\x'"),
        Case(text: "[\"a\tb\"]", line: 1, column: 4, message: "control character U+0009 must be escaped"),
        Case(text: "[\"a\nb\"]", line: 1, column: 4, message: "control character U+000A must be escaped"),
        Case(text: #"["abc"#, line: 1, column: 2, message: "unterminated string"),
        Case(text: #"{"a": 1, "a": 2}"#, line: 1, column: 10, message: "duplicate key \"a\""),
        Case(text: "{\n  \"a\": 1\n  \"b\": 2\n}", line: 3, column: 3, message: "expected ',' or '}' after object member but found '\"'"),
        Case(text: "[1 2]", line: 1, column: 4, message: "expected ',' or ']' after array element"),
        Case(text: #"{"a" 1}"#, line: 1, column: 6, message: "expected ':' after object key"),
        Case(text: "{a: 1}", line: 1, column: 2, message: "expected '\"' to begin an object key"),
        Case(text: "[tru]", line: 1, column: 2, message: "invalid literal; expected 'true'"),
        Case(text: "[nul", line: 1, column: 2, message: "invalid literal; expected 'null'"),
        Case(text: "[1,", line: 1, column: 4, message: "unexpected end of input; expected a JSON value"),
        Case(text: #"{"a":"#, line: 1, column: 6, message: "unexpected end of input"),
        Case(text: "\r\n\r\n  [x]", line: 3, column: 4, message: "unexpected 'x'"),
        Case(text: "\r\r[x]", line: 3, column: 2, message: "unexpected 'x'"),
        Case(text: "[\"é\", x]", line: 1, column: 7, message: "unexpected 'x'"),
    ]

    @Test(arguments: cases)
    func rejects(_ testCase: Case) throws {
        let error = try #require(parseError(testCase.text), "\(testCase.text) was accepted")
        #expect(error.message.contains(testCase.message), "message: \(error.message)")
        #expect(error.line == testCase.line, "\(error)")
        #expect(error.column == testCase.column, "\(error)")
        #expect(error.description == "\(error.message) at line \(error.line), column \(error.column)")
    }

    @Test func invalidUTF8IsRejected() throws {
        let sequences: [[UInt8]] = [
            [0xFF],  // Never valid.
            [0xC0, 0xAF],  // Overlong '/'.
            [0xE0, 0x80, 0xAF],  // Overlong.
            [0xED, 0xA0, 0x80],  // Encoded surrogate U+D800.
            [0xF4, 0x90, 0x80, 0x80],  // Above U+10FFFF.
            [0xC3],  // Truncated.
            [0x80],  // Continuation without lead.
        ]
        for sequence in sequences {
            let bytes = Array("[\"ab".utf8) + sequence + Array("\"]".utf8)
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSON.parse(bytes) }
            do {
                _ = try JSON.parse(bytes)
            } catch {
                #expect(error.message.contains("invalid UTF-8"), "\(error)")
                #expect(error.offset == 4)
                #expect(error.column == 5)
            }
        }
    }

    @Test func validMultiByteUTF8IsAccepted() throws {
        let text = "[\"\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\"]"
        #expect(try JSON.parse(Array(text.utf8))[0]?.string == "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}")
    }

    @Test func nestingBeyondTheLimitIsRejected() throws {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(parseError(text))
        #expect(error.message.contains("deeper than 512"))
        #expect(error.column == 513)
        // Hostile depth fails fast instead of overflowing the stack.
        #expect(parseError(String(repeating: "{\"a\":", count: 100_000)) != nil)
    }

    @Test func errorBecomesAnOperationOutcome() throws {
        let error = try #require(parseError("{\n  \"a\": 1\n  \"b\": 2\n}"))
        let outcome = OperationOutcome(error)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues[0].severity == .error)
        #expect(outcome.issues[0].code == .structure)
        #expect(outcome.issues[0].diagnostics?.contains("at line 3, column 3") == true)
    }
}
