import ArgumentParser
import Foundation
import Server

/// Options every command that touches the case store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Read settings from this JSON file; flags given on the command line win.", valueName: "file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite case store (default ./data/greenlight.sqlite; created when missing).", valueName: "path"))
    var database: String?

    /// The configuration file (if any) with the command line's overrides applied.
    func resolvedConfiguration() throws -> GreenlightConfiguration {
        var configuration = try ConfigurationFile.load(config)
        if let database { configuration.databasePath = database }
        return configuration
    }
}
