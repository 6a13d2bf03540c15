import ArgumentParser
import Rules

/// `greenlight rules check`: load and lint every policy the way the server would.
struct RulesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load every policy, value set and data file; print each problem with file:line.",
        discussion: "Exits non-zero when anything would stop the server from loading the rules."
    )

    @OptionGroup var options: RulesOptions

    func run() async throws {
        let engine = try options.engine()
        let policies = engine.policies
        for policy in policies {
            let missing = [RuleFunction.adjudicate, .nextQuestion].filter { !policy.functions.contains($0) }
            let note = missing.isEmpty ? "" : "  (no \(missing.map(\.rawValue).joined(separator: ", ")))"
            print("ok  \(policy.file)  \(policy.id)\(note)")
        }
        print("\(policies.count) \(policies.count == 1 ? "policy" : "policies") loaded from \(engine.directory.path)")
    }
}
