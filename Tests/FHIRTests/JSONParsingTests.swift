import FHIR
import Foundation
import Testing

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test(arguments: ["1.50", "0.10", "-0", "0", "-0.0", "1E+2", "1e3", "1e-7", "2.5E-3", "12345678901234567890", "-98765432109876543210.000"])
    func numbersKeepTheirLiteral(_ literal: String) throws {
        let json = try JSON.parse("[\(literal)]")
        #expect(json[0]?.number?.literal == literal)
        #expect(json.serializedString() == "[\(literal)]")
        #expect(json.serializedString(pretty: true) == "[\n  \(literal)\n]")
    }

    @Test func scalarsAtTopLevel() throws {
        #expect(try JSON.parse("null") == .null)
        #expect(try JSON.parse(" true ") == .bool(true))
        #expect(try JSON.parse("false") == false)
        #expect(try JSON.parse("\"x\"") == "x")
        #expect(try JSON.parse("42").int == 42)
    }

    @Test func objectsKeepMemberOrder() throws {
        let json = try JSON.parse(#"{"resourceType":"Patient","id":"p1","active":true,"b":1,"a":2}"#)
        #expect(json.object?.keys == ["resourceType", "id", "active", "b", "a"])
        #expect(json.serializedString() == #"{"resourceType":"Patient","id":"p1","active":true,"b":1,"a":2}"#)
    }

    @Test func escapesAreDecoded() throws {
        let json = try JSON.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4e2d", "\uD83D\uDE00", "\u0000"]"#)
        #expect(json[0]?.string == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
        #expect(json[1]?.string == "é中")
        #expect(json[2]?.string == "😀")
        #expect(json[3]?.string == "\u{0}")
    }

    @Test func unicodeRoundTrips() throws {
        let text = #"{"name":"Zoë 😀 中文","escaped":"\uD83D\uDE00 \u00e9","quote":"\"\\/","control":"\u0001\n"}"#
        let json = try JSON.parse(text)
        #expect(json["name"]?.string == "Zoë 😀 中文")
        #expect(json["escaped"]?.string == "😀 é")
        let written = json.serializedString()
        #expect(written == #"{"name":"Zoë 😀 中文","escaped":"😀 é","quote":"\"\\/","control":"\u0001\n"}"#)
        #expect(try JSON.parse(written) == json)
    }

    @Test func inputForms() throws {
        let text = #"{"a": [1, 2.50]}"#
        let expected = try JSON.parse(text)
        #expect(try JSON.parse(Array(text.utf8)) == expected)
        #expect(try JSON.parse(data: Data(text.utf8)) == expected)
        #expect(try JSON.parse(ArraySlice(Array(text.utf8))) == expected)
        #expect(try JSON.parse(text.utf8.lazy.map { $0 }) == expected)  // Not contiguous: copied first.
        let fromRawBuffer = try Array(text.utf8).withUnsafeBytes { bytes in try JSON.parse(bytes) }
        #expect(fromRawBuffer == expected)
    }

    @Test func byteOrderMarkIsIgnored() throws {
        #expect(try JSON.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }

    @Test func whitespaceEverywhere() throws {
        let json = try JSON.parse(" \t\r\n{ \"a\" : [ 1 , { } , [ ] ] }\r\n ")
        #expect(json == ["a": [1, [:], []]])
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = 512
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var json = try JSON.parse(text)
        var levels = 0
        while let inner = json.array {
            levels += 1
            json = inner.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test func numberAccessors() throws {
        let json = try JSON.parse(#"[80, 8.0, 1e3, 1.5, 12345678901234567890, -0, 0.1]"#)
        #expect(json[0]?.int == 80)
        #expect(json[1]?.int == 8)
        #expect(json[2]?.int == 1000)
        #expect(json[3]?.int == nil)
        #expect(json[4]?.int == nil)
        #expect(json[5]?.int == 0)
        #expect(json[3]?.decimal == Decimal(string: "1.5"))
        #expect(json[4]?.decimal == Decimal(string: "12345678901234567890"))
        #expect(json[6]?.double == 0.1)
    }

    /// Repeated keys are refused within one object only, large objects (which keep an index of
    /// their keys) included, and nesting keeps every value in place and in order.
    @Test func containersKeepTheirOwnMembers() throws {
        let keys = (1...20).map { "k\($0)" }
        let large = "{" + keys.map { "\"\($0)\":\"\($0)\"" }.joined(separator: ",") + "}"
        let parsed = try JSON.parse(large)
        #expect(parsed.object?.map(\.key) == keys)
        #expect(parsed["k17"]?.string == "k17")
        #expect(throws: JSONParseError.self) { try JSON.parse(String(large.dropLast()) + ",\"k3\":0}") }
        #expect(throws: JSONParseError.self) { try JSON.parse(String(large.dropLast()) + ",\"k20\":0}") }

        let nested = #"{"a":{"a":1,"b":[{"a":1},{"a":2,"b":{}}]},"b":[[1,2],[3,[4,5]],[],6],"c":"x"}"#
        let value = try JSON.parse(nested)
        #expect(value.serializedString() == nested)
        #expect(value["a"]?["b"]?[1]?["a"] == 2)
        #expect(value["b"]?[1]?[1]?[1] == 5)
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":{"b":1},"c":[{"d":1,"d":2}]}"#) }
    }
}
