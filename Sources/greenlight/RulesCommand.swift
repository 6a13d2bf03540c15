import ArgumentParser

/// `greenlight rules check|test|list|eval|replay`: the policy author's tools.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test, list, run and replay the Lua coverage policies.",
        discussion: """
            The rules directory holds policies/**/*.lua, valuesets/*.json, data/*.json and \
            tests/*.json; Rules/README.md is the policy author's guide. A running server reloads \
            the directory on SIGHUP and when a file changes.
            """,
        subcommands: [RulesCheckCommand.self, RulesTestCommand.self, RulesListCommand.self, RulesEvalCommand.self, RulesReplayCommand.self]
    )
}
