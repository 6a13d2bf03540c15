import FHIR
import Foundation

/// The official PAS examples (Fixtures/ig-examples/pas, see its SOURCES.md), read from the
/// repository.
enum PASExamples {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Fixtures/ig-examples/pas")

    /// `name` (without `.json`) from the 2.2.1 package, or from `version`'s folder.
    static func json(_ name: String, version: String = "ig-2.2.1") throws -> JSON {
        try JSON.parse(data: Data(contentsOf: folder.appendingPathComponent(version).appendingPathComponent(name + ".json")))
    }
}
