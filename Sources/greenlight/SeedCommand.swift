import ArgumentParser
import Foundation
import Logging
import Server

/// `greenlight seed`: loads the demo plan (payers, plans, providers, members, coverages).
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load the demo plan from Fixtures/demo into the case store.",
        discussion: """
            Safe to run again: records are matched by their ids and updated in place. \
            `greenlight serve` does this by itself when the store has no members yet.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The folder holding demo/ (default ./Fixtures).", valueName: "folder"))
    var fixtures: String?

    func run() async throws {
        var configuration = try store.resolvedConfiguration()
        if let fixtures { configuration.fixturesDirectory = fixtures }
        let logger = Logger(label: "greenlight.seed")
        let caseStore = try CaseStoreSetup.open(configuration, logger: logger)
        let summary = try await CaseStoreSetup.seedDemo(caseStore, configuration: configuration)
        print("Seeded \(configuration.databasePath) from \(configuration.fixturesDirectory)/demo: \(summary)")
    }
}
