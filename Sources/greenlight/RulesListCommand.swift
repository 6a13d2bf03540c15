import ArgumentParser
import Rules

/// `greenlight rules list`: what each policy governs.
struct RulesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the policies: id, version, file, codes, plans and functions."
    )

    @OptionGroup var options: RulesOptions

    func run() async throws {
        let engine = try options.engine()
        for policy in engine.policies {
            print("\(policy.id)  \(policy.version.prefix(12))  \(policy.file)")
            print("    \(policy.title)")
            let codes = Dictionary(grouping: policy.services, by: \.system)
                .sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value.map(\.code).joined(separator: " "))" }
            for line in codes { print("    codes      \(line)") }
            print("    plans      \(policy.plans?.joined(separator: ", ") ?? "all")")
            print("    lines      \(policy.linesOfBusiness?.joined(separator: ", ") ?? "all")")
            let functions = RuleFunction.allCases.filter(policy.functions.contains).map(\.rawValue)
            print("    functions  \(functions.joined(separator: ", "))\(policy.autoDeny ? "  (auto_deny)" : "")")
            if let questionnaire = policy.questionnaire { print("    form       \(questionnaire)") }
        }
        print("\(engine.policies.count) \(engine.policies.count == 1 ? "policy" : "policies")")
    }
}
