import Foundation
import HummingbirdTesting
import Logging
import Rules
import Server
import Testing

/// While the server runs, an edited rules directory is picked up by itself, and a broken edit
/// leaves the previous policies serving.
@Suite("Rules reload while serving")
struct RuleReloadServiceTests {
    static func policy(id: String, code: String, title: String) -> String {
        """
        return policy {
          id = "\(id)",
          title = "\(title)",
          services = { { system = "http://www.ama-assn.org/go/cpt", codes = { "\(code)" } } },
          coverage = function(req) return { covered = "covered", pa_needed = "no-auth" } end,
        }
        """
    }

    @Test func editsAreReloadedAndBrokenEditsKeepTheOldPolicies() async throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        let policies = rules.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: rules) }
        try Self.policy(id: "first", code: "80048", title: "First").write(
            to: policies.appendingPathComponent("first.lua"), atomically: true, encoding: .utf8)

        var logger = Logger(label: "test.rules")
        logger.logLevel = .critical
        let engine = try RuleEngine(directory: rules, logger: logger)
        let server = try await TestServer(rules: engine) { $0.rulesPollIntervalSeconds = 0.05 }

        try await server.live { client in
            func policyCount() async throws -> Int? {
                let health = try await client.execute(uri: "/health", method: .get).json()
                return health["checks"]?["rules"]?["policies"]?.int
            }
            #expect(try await policyCount() == 1)

            try Self.policy(id: "second", code: "80053", title: "Second").write(
                to: policies.appendingPathComponent("second.lua"), atomically: true, encoding: .utf8)
            var count: Int? = 1
            for _ in 0..<100 where count != 2 {
                try await Task.sleep(for: .milliseconds(50))
                count = try await policyCount()
            }
            #expect(count == 2, "the new policy was not picked up")

            // A syntax error: the reload fails and both policies keep serving.
            try "return policy {".write(to: policies.appendingPathComponent("third.lua"), atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await policyCount() == 2)
            #expect(engine.policy(id: "second") != nil)
        }
    }
}
