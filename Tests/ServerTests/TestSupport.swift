import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Server
import Testing

/// A Greenlight server over a fresh SQLite file in a temporary folder, for one test.
struct TestServer {
    let directory: URL
    let store: SQLiteCaseStore
    let dependencies: GreenlightServer.Dependencies

    init(
        seedDemo: Bool = false,
        timeSource: any TimeSource = SystemTimeSource(),
        configure: (inout GreenlightConfiguration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("greenlight-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = GreenlightConfiguration()
        configuration.databasePath = directory.appendingPathComponent("greenlight.sqlite").path
        configuration.fixturesDirectory = Paths.fixtures.path
        configuration.port = 0
        configure(&configuration)
        store = try SQLiteCaseStore(
            path: configuration.databasePath, timeSource: timeSource, settings: configuration.caseStoreSettings)
        var logger = Logger(label: "greenlight.test")
        logger.logLevel = .warning
        dependencies = .init(configuration: configuration, store: store, timeSource: timeSource, logger: logger)
        if seedDemo {
            _ = try await DemoPlan.load(from: Paths.fixtures.appendingPathComponent("demo")).seed(into: store)
        }
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
