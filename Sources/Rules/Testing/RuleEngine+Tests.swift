import FHIR
import Foundation

extension RuleEngine {
    /// Runs the cases in `tests/*.json` under the rules directory (or `testsDirectory`).
    ///
    /// - Parameter filter: keeps cases whose policy id or name contains this text.
    public func runTests(testsDirectory: URL? = nil, filter: String? = nil) async -> RuleTestReport {
        let folder = testsDirectory ?? directory.appendingPathComponent("tests")
        var report = RuleTestReport()
        for path in RuleFiles.listFiles(folder.deletingLastPathComponent(), under: folder.lastPathComponent, extension: "json") {
            let url = folder.deletingLastPathComponent().appendingPathComponent(path)
            let document: JSON
            do {
                document = try JSON.parse(data: try Data(contentsOf: url))
            } catch let error as JSONParseError {
                report.problems.append(RuleProblem(file: path, line: error.line, message: "column \(error.column): \(error.message)"))
                continue
            } catch {
                report.problems.append(RuleProblem(file: path, message: "cannot read: \(error.localizedDescription)"))
                continue
            }
            switch RuleTestCase.cases(in: document, file: path) {
            case .failure(let problem):
                report.problems.append(problem)
            case .success(let cases):
                for testCase in cases {
                    if let filter, !filter.isEmpty,
                        !(testCase.policyID ?? "").contains(filter), !testCase.name.contains(filter)
                    {
                        continue
                    }
                    report.results.append(await run(testCase))
                }
            }
        }
        return report
    }

    /// Runs one case.
    public func run(_ testCase: RuleTestCase) async -> RuleTestResult {
        var policyID = testCase.policyID
        if let service = testCase.service {
            let selected = policy(for: service, plan: testCase.plan, lineOfBusiness: testCase.lineOfBusiness)
            if testCase.expect.isNull {
                let mismatch = selected.map { ["expected no policy for \(service), but \($0.id) governs it"] } ?? []
                return RuleTestResult(testCase: testCase, mismatches: mismatch, record: nil)
            }
            guard let selected else {
                return RuleTestResult(
                    testCase: testCase,
                    mismatches: ["no policy governs \(service) for plan \(testCase.plan ?? "(none)"), line of business \(testCase.lineOfBusiness ?? "(none)")"],
                    record: nil)
            }
            if let expected = testCase.policyID, expected != selected.id {
                return RuleTestResult(
                    testCase: testCase, mismatches: ["\(service) selected policy \(selected.id), expected \(expected)"],
                    record: nil)
            }
            policyID = selected.id
        }
        let record = await evaluate(function: testCase.function, policyID: policyID ?? "", input: testCase.input)
        var mismatches: [String] = []
        switch (record.error, testCase.expectError) {
        case (let error?, nil):
            // The decision is the engine's fallback; comparing it would only add noise.
            mismatches.append("\(error.kind.rawValue) error: \(error.message)")
        case (nil, let expected?):
            mismatches.append("expected an error containing \"\(expected)\", but the call succeeded")
        case (let error?, let expected?) where !error.message.contains(expected):
            mismatches.append("expected an error containing \"\(expected)\", got: \(error.message)")
        default:
            mismatches += JSONSubset.mismatches(expected: testCase.expect, actual: record.decision)
        }
        return RuleTestResult(testCase: testCase, mismatches: mismatches, record: record)
    }
}
