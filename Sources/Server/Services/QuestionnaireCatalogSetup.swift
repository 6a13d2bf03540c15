import DTR
import Foundation
import Logging

/// Loads the DTR forms at start: `questionnairesDirectory`, with the rules' code sets
/// (`<rulesDirectory>/valuesets`). Refused files are logged one by one and not served; a
/// missing folder serves no forms.
enum QuestionnaireCatalogSetup {
    static func load(_ configuration: GreenlightConfiguration, logger: Logger) -> QuestionnaireCatalog {
        let loader = QuestionnaireCatalogLoader(
            directory: URL(fileURLWithPath: configuration.questionnairesDirectory),
            ruleValueSets: URL(fileURLWithPath: configuration.rulesDirectory).appendingPathComponent("valuesets"))
        do {
            let result = try loader.load()
            for problem in result.problems {
                logger.error("Questionnaire file refused", metadata: ["file": "\(problem.file)", "problem": "\(problem.message)"])
            }
            logger.info(
                "Questionnaires loaded",
                metadata: [
                    "directory": "\(configuration.questionnairesDirectory)",
                    "questionnaires": "\(result.catalog.questionnaires.count)", "libraries": "\(result.catalog.libraries.count)",
                    "valueSets": "\(result.catalog.valueSets.count)", "refused": "\(result.problems.count)",
                ])
            return result.catalog
        } catch {
            logger.warning("No questionnaires are served", metadata: ["reason": "\(error)"])
            return .empty
        }
    }
}
