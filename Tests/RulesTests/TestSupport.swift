import FHIR
import Foundation
import Logging
@testable import Rules

/// A rules directory under the temporary folder, written by a test and removed when the test
/// is done with it.
final class TemporaryRules {
    let url: URL

    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("greenlight-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("policies"), withIntermediateDirectories: true)
        for (path, contents) in files { try write(path, contents) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ path: String, _ contents: String) throws {
        try write(path, Data(contents.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func engine(limits: RuleLimits = RuleLimits(), poolSize: Int? = nil) throws(RuleLoadError) -> RuleEngine {
        try RuleEngine(directory: url, limits: limits, poolSize: poolSize, logger: testLogger)
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "rules-tests")
    logger.logLevel = .critical
    return logger
}()

let testSystem = "http://www.ama-assn.org/go/cpt"

/// A policy file governing `codes`, with `functions` as the body of its function fields.
func policySource(
    id: String, codes: [String] = ["99999"], extra: String = "",
    coverage: String = #"function(req) return { covered = "covered", pa_needed = "no-auth" } end"#,
    adjudicate: String? = nil
) -> String {
    let codeList = codes.map { "\"\($0)\"" }.joined(separator: ", ")
    return """
        return policy {
          id = "\(id)",
          title = "Test policy \(id)",
          services = { { system = "\(testSystem)", codes = { \(codeList) } } },
          \(extra)
          coverage = \(coverage),
          \(adjudicate.map { "adjudicate = \($0)," } ?? "")
        }
        """
}

/// A policy whose coverage runs `body` (Lua statements) first and then answers "covered".
func policyRunning(id: String, code: String = "99999", _ body: String) -> String {
    policySource(
        id: id, codes: [code],
        coverage: """
            function(req)
                \(body)
                return { covered = "covered", pa_needed = "no-auth" }
              end
            """)
}

let sampleRequest: JSON = [
    "hook": "order-sign",
    "today": "2026-11-23",
    "service": ["system": .string(testSystem), "code": "99999"],
]

func service(_ code: String = "99999") -> RuleService {
    RuleService(system: testSystem, code: code)
}
