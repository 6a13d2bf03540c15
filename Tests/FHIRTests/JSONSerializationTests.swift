import FHIR
import Foundation
import Testing

@Suite("JSON serialization")
struct JSONSerializationTests {
    @Test func compactOutput() {
        let json: JSON = ["resourceType": "Patient", "id": "p1", "active": true, "deceased": nil, "name": [["given": ["Amy", "V."]]], "empty": [], "none": [:]]
        #expect(
            json.serializedString()
                == #"{"resourceType":"Patient","id":"p1","active":true,"deceased":null,"name":[{"given":["Amy","V."]}],"empty":[],"none":{}}"#
        )
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let json: JSON = ["resourceType": "Bundle", "entry": [["fullUrl": "urn:uuid:1"], 2], "link": []]
        let expected = """
            {
              "resourceType": "Bundle",
              "entry": [
                {
                  "fullUrl": "urn:uuid:1"
                },
                2
              ],
              "link": []
            }
            """
        #expect(json.serializedString(pretty: true) == expected)
    }

    @Test func stringsEscapeOnlyWhatRFC8259Requires() {
        let json: JSON = .string("a/b \"q\" \\ \u{08}\u{0C}\n\r\t \u{01}\u{1F} é 😀 \u{7F}")
        #expect(json.serializedString() == #""a/b \"q\" \\ \b\f\n\r\t \u0001\u001f é 😀 \#u{7F}""#)
    }

    @Test func formsAgree() {
        let json: JSON = ["a": [1, "ü"]]
        #expect(json.serializedData() == Data(json.serialized()))
        #expect(json.serializedString() == String(decoding: json.serialized(), as: UTF8.self))
        #expect(json.description == json.serializedString())
    }

    @Test func numbersFromSwiftValues() {
        #expect(JSONNumber(42).literal == "42")
        #expect(JSONNumber(-7).literal == "-7")
        #expect(JSONNumber(0.1).literal == "0.1")
        #expect(JSONNumber(Decimal(string: "123.456")!).literal == "123.456")
        #expect(JSONNumber(literal: "1.50")?.literal == "1.50")
        for invalid in ["", "-", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "1 ", "Infinity"] {
            #expect(JSONNumber(literal: invalid) == nil, "\(invalid)")
        }
        // Float literals go through Double; exact text needs a literal number.
        let json: JSON = ["a": 1.5, "b": .number(JSONNumber(literal: "1.50")!)]
        #expect(json.serializedString() == #"{"a":1.5,"b":1.50}"#)
    }

    @Test func everyDoubleWritesAValidLiteral() throws {
        for value in [0.0, -0.0, 1e-7, 1e21, 123456789.125, .leastNonzeroMagnitude, .greatestFiniteMagnitude] {
            let number = JSONNumber(value)
            #expect(JSONNumber(literal: number.literal) != nil, "\(number.literal)")
            #expect(number.double == value)
        }
    }
}
