import ArgumentParser
import Server

/// `greenlight`: the prior-authorization engine's command line.
@main
struct Greenlight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenlight",
        abstract: "A prior-authorization engine for US health plans (Da Vinci CRD, DTR and PAS).",
        discussion: """
            Run `greenlight serve` to start the server on the embedded SQLite default with the \
            bundled Rules, Questionnaires and demo Fixtures.
            """,
        version: GreenlightVersion.current,
        subcommands: [
            ServeCommand.self, SeedCommand.self, ClientsCommand.self, KeysCommand.self, TokenCommand.self,
            RulesCommand.self, QuestionnairesCommand.self, HooksCommand.self,
        ]
    )
}
