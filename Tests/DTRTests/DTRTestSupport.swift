import FHIR
import Foundation

/// Paths the DTR tests read: the shipped forms, the rules' value sets and the official examples.
enum DTRPaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let questionnaires = repository.appendingPathComponent("Questionnaires")
    static let rules = repository.appendingPathComponent("Rules")
    static let ruleValueSets = rules.appendingPathComponent("valuesets")
    static let examples = repository.appendingPathComponent("Fixtures/ig-examples/dtr")

    static func example(_ path: String) throws -> JSON {
        try JSON.parse(data: Data(contentsOf: examples.appendingPathComponent(path)))
    }
}
