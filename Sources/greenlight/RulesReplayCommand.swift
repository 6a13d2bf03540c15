import ArgumentParser
import FHIR
import Foundation
import Rules

/// `greenlight rules replay`: run a stored evaluation record again on the current rules.
struct RulesReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a stored evaluation record again with the current rules and compare the decisions.",
        discussion: """
            Prints whether the policy file is the same version that decided then and, field by \
            field, how the decision changed. Exits 0 when the decision is the same, 1 when it \
            differs — handy before deploying a policy change, on records of real cases.
            """
    )

    @OptionGroup var options: RulesOptions

    @Argument(help: ArgumentHelp("A record as `greenlight rules eval` prints it and the case store keeps it; - reads standard input.", valueName: "record.json"))
    var record: String

    @Flag(name: .long, help: "Also print the new record.")
    var verbose = false

    func run() async throws {
        let engine = try options.engine()
        let stored: RuleEvaluationRecord
        do {
            stored = try RuleEvaluationRecord(json: try readJSON(record, what: "record"))
        } catch let error as RuleRecordFormatError {
            throw CommandFailure("\(record == "-" ? "standard input" : record): \(error.description)")
        }
        let replay = await engine.replay(stored)
        let now = replay.replayed
        let then = stored.policyVersion.isEmpty ? "unknown" : String(stored.policyVersion.prefix(12))
        print("policy   \(stored.policyID) \(stored.function)")
        print("version  \(replay.sameVersion ? "same (\(then))" : "changed: \(then) → \(now.policyVersion.prefix(12))")")
        if let error = now.error { print("error    \(error.kind.rawValue): \(error.message)") }
        if replay.sameDecision {
            print("decision same")
        } else {
            print("decision changed:")
            for line in replay.decisionChanges { print("  \(line)") }
        }
        if verbose { print(now.json.serializedString(pretty: true)) }
        if !replay.sameDecision { throw ExitCode.failure }
    }
}
