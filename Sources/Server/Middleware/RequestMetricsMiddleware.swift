import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import Synchronization

/// Counts requests and times them per endpoint into the server's Prometheus registry.
///
/// Labels use the route pattern (`/Claim/$submit`, `/{type}/$validate`), never the raw path, so
/// ids in URLs cannot blow up the number of series.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let instruments: RequestInstruments

    public init(registry: PrometheusCollectorRegistry) {
        self.instruments = RequestInstruments(registry: registry)
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status: HTTPResponse.Status = .internalServerError
        defer {
            let (counter, histogram) = instruments.for(
                method: request.method.rawValue, endpoint: context.endpointPath ?? "unmatched", status: status.code)
            counter.increment()
            histogram.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        let response = try await next(request, context)
        status = response.status
        return response
    }
}

/// The counter and histogram of each method, route pattern and status, looked up in the
/// registry once: the registry builds the metric's name and its label list on every lookup,
/// which cost more than counting.
final class RequestInstruments: Sendable {
    private struct Key: Hashable {
        var method: String
        var endpoint: String
        var status: Int
    }

    private let registry: PrometheusCollectorRegistry
    private let known = Mutex<[Key: (Counter, DurationHistogram)]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func `for`(method: String, endpoint: String, status: Int) -> (Counter, DurationHistogram) {
        let key = Key(method: method, endpoint: endpoint, status: status)
        if let found = known.withLock({ $0[key] }) { return found }
        let made = (
            registry.greenlightCounter(
                "http_requests", labels: [("method", method), ("endpoint", endpoint), ("status", "\(status)")],
                help: "HTTP requests answered, by method, route pattern and status."),
            registry.greenlightDurationHistogram(
                "http_request_duration", labels: [("method", method), ("endpoint", endpoint)],
                buckets: requestLatencyBuckets, help: "Time to answer an HTTP request, by method and route pattern.")
        )
        known.withLock { $0[key] = made }
        return made
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

/// Latency buckets from 1 ms to 15 s — the PAS guide's response budget.
/// (File-level because generic types cannot hold stored static properties.)
let requestLatencyBuckets: [Duration] = [
    .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
    .seconds(2.5), .seconds(5), .seconds(10), .seconds(15),
]
