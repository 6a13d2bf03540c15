import ArgumentParser

/// `greenlight questionnaires check|elm`: the form author's tools.
struct QuestionnairesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaires",
        abstract: "Check the DTR forms, their CQL Libraries and ValueSets; print a Library's ELM.",
        discussion: """
            The forms folder holds questionnaires/, libraries/ (Library JSON with its .cql beside it) \
            and valuesets/; Questionnaires/README.md describes it. The server loads it at start and \
            serves what passes these same checks.
            """,
        subcommands: [QuestionnairesCheckCommand.self, QuestionnairesELMCommand.self]
    )
}
