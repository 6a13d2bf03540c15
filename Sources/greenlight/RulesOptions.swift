import ArgumentParser
import Foundation
import Logging
import Rules
import Server

/// Options the `greenlight rules` commands share: which rules directory.
struct RulesOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The rules directory (default: rulesDirectory from --config, else ./Rules).", valueName: "dir"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("Read rulesDirectory from this JSON config file.", valueName: "file"))
    var config: String?

    func directory() throws -> URL {
        if let rules { return URL(fileURLWithPath: rules) }
        return URL(fileURLWithPath: try ConfigurationFile.load(config).rulesDirectory)
    }

    /// The engine over the directory, or a failure listing every problem with file:line.
    func engine() throws -> RuleEngine {
        var logger = Logger(label: "greenlight.rules")
        logger.logLevel = .error
        do {
            return try RuleEngine(directory: try directory(), poolSize: 1, logger: logger)
        } catch let error as RuleLoadError {
            throw CommandFailure(error.problems.map(\.description).joined(separator: "\n")
                + "\n\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"): the rules do not load")
        }
    }
}
