import FHIR
import Foundation
import Testing
@testable import Rules

/// The real `Rules/` directory of the repository: every policy loads, and every case in
/// `Rules/tests` passes.
@Suite struct ShippedRulesTests {
    static let rulesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules")

    @Test func shippedPoliciesLoadAndPassTheirTests() async throws {
        let engine: RuleEngine
        do {
            engine = try RuleEngine(directory: Self.rulesDirectory, logger: testLogger)
        } catch {
            Issue.record("Rules/ does not load:\n\(error)")
            return
        }
        let report = await engine.runTests()
        #expect(!engine.policies.isEmpty)
        #expect(!report.results.isEmpty, "Rules/tests has no cases")
        for problem in report.problems { Issue.record("\(problem)") }
        for result in report.results where !result.passed {
            let details = result.mismatches.joined(separator: "\n  ")
            Issue.record("\(result.testCase.file) › \(result.testCase.name):\n  \(details)")
        }
        #expect(report.succeeded, "\(report.summary)")
    }
}
