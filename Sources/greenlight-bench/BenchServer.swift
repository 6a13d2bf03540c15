import ArgumentParser
import Auth
import CaseStore
import FHIR
import Foundation
import Logging
import Rules
import Server

/// A real Greenlight server for a benchmark: the demo plan seeded into a fresh SQLite file in a
/// temporary folder, the shipped Rules, listening on a free loopback port. Shared by the
/// benchmarks that go over HTTP, so each measures the same server.
struct BenchServer {
    let folder: URL
    let configuration: GreenlightConfiguration
    let store: SQLiteCaseStore
    let dependencies: GreenlightServer.Dependencies
    let fixtures: URL
    private let task: Task<Void, any Error>

    var baseURL: String { configuration.effectiveBaseURL }

    /// - Parameter extraRoutes: reference endpoints a benchmark adds beside Greenlight's own,
    ///   made once the store is seeded and the services exist.
    static func start(
        fixtures: String, rules: String, durability: CaseStoreSettings.Durability, label: String,
        extraRoutes: (GreenlightServer.Dependencies) async throws -> GreenlightServer.ExtraRoutes = { _ in { _ in } }
    ) async throws -> BenchServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let port = freeLoopbackPort() else { throw CleanExit.message("no free loopback port") }

        var configuration = GreenlightConfiguration()
        configuration.databasePath = folder.appendingPathComponent("bench.sqlite").path
        configuration.port = port
        configuration.baseURL = "http://127.0.0.1:\(port)"
        configuration.fixturesDirectory = fixtures
        configuration.logLevel = "error"
        configuration.durability = durability
        var logger = Logger(label: label)
        logger.logLevel = .error
        let store = try SQLiteCaseStore(path: configuration.databasePath, settings: configuration.caseStoreSettings)
        let fixturesURL = URL(fileURLWithPath: fixtures)
        let plan = try DemoPlan.load(from: fixturesURL.appendingPathComponent("demo"))
        _ = try await plan.seed(into: store)
        let engine = try RuleEngine(directory: URL(fileURLWithPath: rules), logger: logger)
        let dependencies = GreenlightServer.Dependencies(
            configuration: configuration, store: store, logger: logger, rules: engine)

        let (running, signal) = AsyncStream.makeStream(of: Void.self)
        let app = GreenlightServer.makeApplication(dependencies, extraRoutes: try await extraRoutes(dependencies)) { _ in
            signal.yield()
        }
        let task = Task { try await app.runService() }
        for await _ in running { break }
        return BenchServer(
            folder: folder, configuration: configuration, store: store, dependencies: dependencies, fixtures: fixturesURL,
            task: task)
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A signer for the demo client `client` with its key pair from `Fixtures/keys` (demo only).
    func signer(client: String, keyName: String) async throws -> ClientJWTSigner {
        let keys = fixtures.appendingPathComponent("keys")
        let jwks = try String(contentsOf: keys.appendingPathComponent("\(keyName).jwks.json"), encoding: .utf8)
        let pem = try String(contentsOf: keys.appendingPathComponent("\(keyName).private.pem"), encoding: .utf8)
        guard let kid = try JSON.parse(data: Data(jwks.utf8))["keys"]?[0]?["kid"]?.string else {
            throw CleanExit.message("\(keyName).jwks.json has no kid")
        }
        return try await ClientJWTSigner(clientID: client, kid: kid, privateKeyPEM: pem)
    }

    /// A bearer token for the demo client `client`, obtained through the token service (the
    /// code `POST /token` runs).
    func accessToken(client: String, scope: String) async throws -> String {
        let assertion = try await signer(client: client, keyName: client).clientAssertion(
            tokenURL: "\(baseURL)/token", now: Date())
        let result = await dependencies.security.tokenService.exchange(
            formBody: TokenRequest(clientAssertion: assertion, scope: scope).formBody, remoteAddress: "bench")
        return try result.get().accessToken
    }
}
