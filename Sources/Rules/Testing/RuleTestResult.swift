import FHIR

/// The outcome of one test case.
public struct RuleTestResult: Sendable, Hashable {
    public var testCase: RuleTestCase
    /// Empty when the case passed; otherwise one line per difference.
    public var mismatches: [String]
    public var record: RuleEvaluationRecord?

    public var passed: Bool { mismatches.isEmpty }
}

/// The outcome of a test run: every case, and the test files that could not be read.
public struct RuleTestReport: Sendable, Hashable {
    public var results: [RuleTestResult] = []
    public var problems: [RuleProblem] = []

    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.count - passedCount }
    public var succeeded: Bool { failedCount == 0 && problems.isEmpty }

    public var summary: String {
        "\(results.count) cases: \(passedCount) passed, \(failedCount) failed"
            + (problems.isEmpty ? "" : ", \(problems.count) unreadable test files")
    }
}
