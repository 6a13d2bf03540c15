import Foundation
import Testing

@testable import CaseStore

/// String lists are written by hand for speed; they must be the text `JSONEncoder` writes
/// (sorted keys, slashes unescaped), so old and new rows compare equal.
@Suite struct JSONColumnTests {
    @Test(arguments: [
        [], [""], ["a"], ["urn:uuid:1", "http://example.org/fhir/Questionnaire/x|1.0"],
        ["quote \" backslash \\ slash /", "new\nline\ttab\r", "\u{08}\u{0C}\u{01}\u{1F}", "é ünïcødé 🚑"],
        ["\"escapes at both ends\"", "\\", "{\"policy\":\"x\",\"input\":{\"n\":[1,2]}}" + String(repeating: "run ", count: 300)],
    ])
    func stringListsAreWrittenAsTheEncoderWritesThem(_ strings: [String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(JSONColumn.encode(strings) == String(decoding: try encoder.encode(strings), as: UTF8.self))
        #expect(try JSONColumn.decode(JSONColumn.encode(strings), row: "test") == strings)
    }
}
