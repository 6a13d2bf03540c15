import ArgumentParser
import DTR

/// `greenlight questionnaires check`: load the forms the way the server would, CQL translated.
struct QuestionnairesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load every form, Library and ValueSet; print what loaded and each file refused, with why.",
        discussion: "Exits non-zero when any file would be refused at start (the server serves the rest)."
    )

    @OptionGroup var options: QuestionnairesOptions

    func run() async throws {
        let result = try options.load()
        let catalog = result.catalog
        for (kind, artifacts) in [("Questionnaire", catalog.questionnaires), ("Library", catalog.libraries), ("ValueSet", catalog.valueSets)] {
            for artifact in artifacts {
                print("ok  \(artifact.source)  \(kind) \(artifact.versionedCanonical)")
            }
        }
        let summary = "\(catalog.questionnaires.count) questionnaires, \(catalog.libraries.count) libraries, \(catalog.valueSets.count) value sets"
        guard result.problems.isEmpty else {
            throw CommandFailure(result.problems.map { "refused  \($0)" }.joined(separator: "\n")
                + "\n\(summary) loaded; \(result.problems.count) file\(result.problems.count == 1 ? "" : "s") refused")
        }
        print("\(summary) loaded")
    }
}
