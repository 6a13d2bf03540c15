import Foundation
import Testing

@testable import CaseStore

/// The check a decision's basis passes before its event holds it as JSON (``JSONSyntax``).
struct JSONSyntaxTests {
    @Test(arguments: [
        "{}", " { } ", #"{"a":1}"#, #"{"a":[1,-2.5e+3,0,0.5,1E9,true,false,null,"x"],"b":{"c":{}}}"#,
        #"{"escapes":"\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"}"#, "{\"é\":\"😀\"}", "\n{\"a\" : [ ] }\t",
    ])
    func objectsPass(_ text: String) {
        #expect(JSONSyntax.isObject(text))
    }

    @Test(arguments: [
        "", "[]", #""text""#, "1", "null", "{", "}", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a":1"#, #"{a:1}"#,
        #"{"a":[1,]}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":-}"#, #"{"a":1e}"#, #"{"a":tru}"#,
        #"{"a":"\x"}"#, #"{"a":"\u12G4"}"#, "{\"a\":\"line\nbreak\"}", #"{"a":1} {}"#, #"{"a":1} x"#, #"{'a':1}"#,
        #"{"a":"unterminated}"#,
    ])
    func everythingElseFails(_ text: String) {
        #expect(!JSONSyntax.isObject(text))
    }

    /// Strings are skipped eight bytes at a time: what ends or breaks one is found wherever it
    /// falls in a word.
    @Test func stringsAreCheckedAtEveryOffset() {
        for offset in 0..<20 {
            let run = String(repeating: "é", count: offset / 2) + String(repeating: "x", count: offset % 2)
            let tail = String(repeating: "y", count: 11)
            #expect(JSONSyntax.isObject("{\"a\":\"\(run)\\\"\(tail)\"}"), "escaped quote at \(offset)")
            #expect(JSONSyntax.isObject("{\"a\":\"\(run)\\u00e9\(tail)\"}"), "\\u at \(offset)")
            #expect(JSONSyntax.isObject("{\"a\":\"\(run)\(tail)\",\"b\":1}"), "end at \(offset)")
            #expect(!JSONSyntax.isObject("{\"a\":\"\(run)\u{01}\(tail)\"}"), "control character at \(offset)")
            #expect(!JSONSyntax.isObject("{\"a\":\"\(run)\"\(tail)\"}"), "bare quote at \(offset)")
            #expect(!JSONSyntax.isObject("{\"a\":\"\(run)\\x\(tail)\"}"), "bad escape at \(offset)")
            #expect(!JSONSyntax.isObject("{\"a\":\"\(run)\(tail)"), "unterminated at \(offset)")
        }
    }

    /// Agrees with Foundation on what the rules write: an evaluation record's shape.
    @Test func aRuleRecordPasses() throws {
        let record: [String: Any] = [
            "policy": "lab-panels", "input": ["patient": ["name": [["given": ["Ann \"Q\""]]]], "today": "2026-04-06"],
            "output": ["decision": "approved", "reasons": [] as [Any]], "duration_us": 12, "ratio": 0.25,
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        #expect(JSONSyntax.isObject(text))
    }

    /// Nesting deeper than any basis is refused instead of recursing without bound.
    @Test func deepNestingIsRefused() {
        let deep = "{\"a\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(!JSONSyntax.isObject(deep))
        let shallow = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(JSONSyntax.isObject(shallow))
    }
}
