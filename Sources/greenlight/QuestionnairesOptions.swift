import ArgumentParser
import DTR
import Foundation
import Server

/// Options the `greenlight questionnaires` commands share: which forms folder, and the rules
/// whose value sets the forms publish.
struct QuestionnairesOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The forms folder (default: questionnairesDirectory from --config, else ./Questionnaires).", valueName: "dir"))
    var questionnaires: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The rules folder whose valuesets/ the forms use (default: rulesDirectory, else ./Rules).", valueName: "dir"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("Read the two folders from this JSON config file.", valueName: "file"))
    var config: String?

    /// The folder loaded the way the server loads it at start.
    func load() throws -> QuestionnaireCatalogLoader.Result {
        let configuration = try ConfigurationFile.load(config)
        let forms = URL(fileURLWithPath: questionnaires ?? configuration.questionnairesDirectory)
        let valueSets = URL(fileURLWithPath: rules ?? configuration.rulesDirectory).appendingPathComponent("valuesets")
        do {
            return try QuestionnaireCatalogLoader(directory: forms, ruleValueSets: valueSets).load()
        } catch let error as CatalogLoadError {
            throw CommandFailure("Cannot read the forms: \(error.description)")
        }
    }
}
