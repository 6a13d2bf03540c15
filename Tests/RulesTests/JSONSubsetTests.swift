import FHIR
import Testing
@testable import Rules

/// How `greenlight rules test` compares a case's `expect` with the decision.
@Suite struct JSONSubsetTests {
    @Test func onlyExpectedKeysCount() {
        #expect(JSONSubset.mismatches(expected: ["covered": "covered"], actual: ["covered": "covered", "note": "x"]).isEmpty)
        #expect(JSONSubset.mismatches(expected: ["limit": 5], actual: ["limit": 5.0]).isEmpty, "numbers by value")
        #expect(!JSONSubset.mismatches(expected: ["covered": "covered"], actual: ["covered": "conditional"]).isEmpty)
    }

    /// A Lua result never holds nil, so `null` in `expect` can only mean "absent".
    @Test func nullMeansAbsent() {
        #expect(JSONSubset.mismatches(expected: ["alternatives": nil], actual: ["covered": "covered"]).isEmpty)
        #expect(JSONSubset.mismatches(expected: ["alternatives": nil], actual: ["alternatives": [["code": "1"]]])
            == ["alternatives: expected no value, got [{\"code\":\"1\"}]"])
    }
}
