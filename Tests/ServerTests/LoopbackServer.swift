import Hummingbird
import Logging

/// A test's own HTTP server (an EHR's FHIR server, a subscriber) on a free loopback port, for
/// as long as `body` runs.
enum LoopbackServer {
    static func serving<Value: Sendable>(
        _ router: Router<BasicRequestContext>, label: String, _ body: (_ port: Int) async throws -> Value
    ) async throws -> Value {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return try await body(port)
    }
}
