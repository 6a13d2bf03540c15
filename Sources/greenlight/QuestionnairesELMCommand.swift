import ArgumentParser
import DTR

/// `greenlight questionnaires elm NAME`: the ELM the server serves for one Library.
struct QuestionnairesELMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elm",
        abstract: "Print the ELM JSON translated from a Library's CQL, as $questionnaire-package serves it.",
        discussion: "NAME is the Library's name (CPAPPrepopulation) or canonical URL, optionally |version."
    )

    @OptionGroup var options: QuestionnairesOptions

    @Argument(help: ArgumentHelp("The Library's name or canonical.", valueName: "name"))
    var library: String

    func run() async throws {
        let result = try options.load()
        let found = result.catalog.library(Canonical(library))
            ?? result.catalog.libraries.first { $0.resource["name"]?.string == library }
        guard let found else {
            let refused = result.problems.map { "\n  refused  \($0)" }.joined()
            throw CommandFailure("No loaded Library is named \(library).\(refused)")
        }
        guard let elm = found.elm else { throw CommandFailure("Library \(library) has no ELM.") }
        print(elm.serializedString(pretty: true))
    }
}
