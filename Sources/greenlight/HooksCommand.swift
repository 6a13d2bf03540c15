import ArgumentParser

/// `greenlight hooks log|call`: the CRD CDS Hooks service from the command line.
struct HooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Read the CDS Hooks call log, or call a running server's hook as an EHR would.",
        discussion: """
            Every hook call the server answers is logged with its request, its response, where \
            each prefetch key's data came from and which policy versions decided — the record \
            the CRD guide asks payers to keep for disputes.
            """,
        subcommands: [HooksLogCommand.self, HooksCallCommand.self]
    )
}
