import AsyncHTTPClient
import CRD
import FHIR
import Foundation
import ServiceLifecycle
import Synchronization

/// The HTTP client CRD reads EHR FHIR servers with (prefetch the EHR left out), and PAS
/// subscription notifications are POSTed with (see `+Notifications`), made on first use — most
/// EHRs send full prefetch, so many servers never need one — and shut down when the server
/// stops. It never follows redirects, so a token or a subscriber's header goes only where it was
/// meant to.
final class OutboundFHIRClient: FHIRResourceFetcher, Service {
    let configuration: HTTPFHIRResourceFetcher.Configuration
    private let state = Mutex<HTTPClient?>(nil)

    init(configuration: HTTPFHIRResourceFetcher.Configuration) {
        self.configuration = configuration
    }

    /// The shared client, made on first use (subscription notifications POST with it too).
    var client: HTTPClient {
        state.withLock { client in
            if let client { return client }
            let made = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: HTTPFHIRResourceFetcher.clientConfiguration(configuration))
            client = made
            return made
        }
    }

    func fetch(_ relativeQuery: String, base: URL, bearerToken: String?) async throws -> JSON {
        try await HTTPFHIRResourceFetcher(client: client, configuration: configuration)
            .fetch(relativeQuery, base: base, bearerToken: bearerToken)
    }

    /// Waits for the server's graceful shutdown, then closes the client's connections.
    func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    func shutdown() async {
        let client = state.withLock { client -> HTTPClient? in
            defer { client = nil }
            return client
        }
        try? await client?.shutdown()
    }

    deinit {
        // A router built without its application (some tests) never runs the service.
        let client = state.withLock { $0 }
        try? client?.syncShutdown()
    }
}
