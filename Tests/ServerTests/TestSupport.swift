import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Auth
import Rules
import Server
import Testing

/// Where this test process's servers and command-line runs keep their files: one folder under
/// the system's temporary folder, removed when the process exits. (A test's server is still
/// open when its test returns, so its files cannot go with the test.)
enum ScratchFolder {
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("greenlight-tests-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
        return root
    }()

    /// A new folder named `prefix-<uuid>` inside ``root``.
    static func make(_ prefix: String) throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A Greenlight server over a fresh SQLite file in a temporary folder, for one test.
struct TestServer: Sendable {
    /// The base URL the test server advertises; assertions are addressed to its `/token`.
    static let baseURL = "http://greenlight.test"

    let directory: URL
    let store: SQLiteCaseStore
    let dependencies: GreenlightServer.Dependencies
    let time: any TimeSource
    /// FHIR JSON headers with a valid access token of the demo clinic (all its scopes).
    private(set) var fhirHeaders: HTTPFields = fhirJSONHeaders

    init(
        seedDemo: Bool = false,
        timeSource: any TimeSource = SystemTimeSource(),
        rules: RuleEngine? = nil,
        configure: (inout GreenlightConfiguration) -> Void = { _ in }
    ) async throws {
        directory = try ScratchFolder.make("server")
        var configuration = GreenlightConfiguration()
        configuration.databasePath = directory.appendingPathComponent("greenlight.sqlite").path
        configuration.fixturesDirectory = Paths.fixtures.path
        configuration.port = 0
        configuration.baseURL = Self.baseURL
        configure(&configuration)
        store = try SQLiteCaseStore(
            path: configuration.databasePath, timeSource: timeSource, settings: configuration.caseStoreSettings)
        var logger = Logger(label: "greenlight.test")
        logger.logLevel = .warning
        dependencies = .init(
            configuration: configuration, store: store, timeSource: timeSource, logger: logger, rules: rules)
        time = timeSource
        let demo = try DemoPlan.load(from: Paths.fixtures.appendingPathComponent("demo"))
        if seedDemo {
            _ = try await demo.seed(into: store)
        } else {
            // The demo clients always, so tests can get tokens the real way.
            for client in demo.clients { try await store.upsertClient(client) }
        }
        try await dependencies.security.keyRing.prepare()
        let token = try await accessToken(
            client: "demo-clinic", scope: "system/Claim.cru system/ClaimResponse.rs system/Bundle.c")
        fhirHeaders[.authorization] = "Bearer \(token)"
    }

    /// A demo client's signer, with the private key and kid from `Fixtures/keys`.
    static func signer(_ client: String) async throws -> ClientJWTSigner {
        let keys = Paths.fixtures.appendingPathComponent("keys")
        let pem = try String(contentsOf: keys.appendingPathComponent("\(client).private.pem"), encoding: .utf8)
        let jwks = try JSON.parse(data: Data(contentsOf: keys.appendingPathComponent("\(client).jwks.json")))
        let kid = try #require(jwks["keys"]?[0]?["kid"]?.string)
        return try await ClientJWTSigner(clientID: client, kid: kid, privateKeyPEM: pem)
    }

    /// The form body of a client-credentials token request.
    static func tokenForm(assertion: String, scope: String) -> String {
        TokenRequest(clientAssertion: assertion, scope: scope).formBody
    }

    /// An access token obtained through the token service (the same code `POST /token` runs).
    func accessToken(client: String, scope: String) async throws -> String {
        let assertion = try await Self.signer(client).clientAssertion(
            tokenURL: "\(Self.baseURL)/token", now: time.now())
        let result = await dependencies.security.tokenService.exchange(
            formBody: Self.tokenForm(assertion: assertion, scope: scope), remoteAddress: "test")
        return try result.get().accessToken
    }

    /// Runs `body` against the server listening on a loopback port (real HTTP).
    func live<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = GreenlightServer.makeApplication(dependencies)
        return try await app.test(.live, body)
    }
}

enum Paths {
    /// The repository root, found from this file's location (Tests/ServerTests/…).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Fixtures")
}

extension TestResponse {
    /// The body parsed as JSON; fails the test when it is not.
    func json() throws -> JSON {
        try JSON.parse(Array(body.readableBytesView))
    }

    /// The body as an OperationOutcome, checking the media type on the way.
    func operationOutcome(sourceLocation: SourceLocation = #_sourceLocation) throws -> OperationOutcome {
        #expect(
            headers[.contentType]?.hasPrefix("application/fhir+json") == true,
            "Content-Type was \(headers[.contentType] ?? "none")", sourceLocation: sourceLocation)
        let body = try json()
        #expect(body["resourceType"]?.string == "OperationOutcome", sourceLocation: sourceLocation)
        return try OperationOutcome(json: body)
    }
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}

let fhirJSONHeaders: HTTPFields = [.contentType: "application/fhir+json"]
