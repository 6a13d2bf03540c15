import Foundation

/// The official implementation-guide examples in `Fixtures/ig-examples`, found from this
/// file's location so tests run from any working directory.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let examples = repository.appendingPathComponent("Fixtures/ig-examples")

    /// Every `*.json` under `Fixtures/ig-examples`, as paths relative to it, sorted.
    static let exampleFiles: [String] = {
        let root = examples.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: examples.appendingPathComponent(relativePath))
    }

    static let referralBundle = "pas/ig-2.2.1/Bundle-ReferralAuthorizationBundleExample.json"
}
