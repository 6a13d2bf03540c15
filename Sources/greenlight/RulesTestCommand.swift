import ArgumentParser
import Rules

/// `greenlight rules test`: run the cases in tests/*.json.
struct RulesTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the policy test cases in tests/*.json and print PASS or FAIL for each.",
        discussion: """
            A case runs one function of one policy on its input; every field in "expect" must \
            equal the engine's decision (objects compared key by key, arrays whole).
            """
    )

    @OptionGroup var options: RulesOptions

    @Option(name: .long, help: ArgumentHelp("Only cases whose policy id or name contains this text.", valueName: "id"))
    var filter: String?

    func run() async throws {
        let engine = try options.engine()
        let report = await engine.runTests(filter: filter)
        for problem in report.problems {
            print("ERROR \(problem)")
        }
        for result in report.results {
            let label = "\(result.testCase.policyID ?? "-") › \(result.testCase.name)"
            if result.passed {
                print("PASS  \(label)")
            } else {
                print("FAIL  \(label)  (\(result.testCase.file))")
                for mismatch in result.mismatches { print("        \(mismatch)") }
            }
        }
        print(report.summary)
        if !report.succeeded { throw ExitCode.failure }
    }
}
