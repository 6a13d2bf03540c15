import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// Counts requests and times them per endpoint into the server's Prometheus registry.
///
/// Labels use the route pattern (`/Claim/$submit`, `/{type}/$validate`), never the raw path, so
/// ids in URLs cannot blow up the number of series.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status: HTTPResponse.Status = .internalServerError
        defer {
            let endpoint = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("endpoint", endpoint), ("status", "\(status.code)")]
            registry.greenlightCounter(
                "http_requests", labels: labels,
                help: "HTTP requests answered, by method, route pattern and status."
            ).increment()
            registry.greenlightDurationHistogram(
                "http_request_duration",
                labels: [("method", request.method.rawValue), ("endpoint", endpoint)],
                buckets: requestLatencyBuckets,
                help: "Time to answer an HTTP request, by method and route pattern."
            ).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        let response = try await next(request, context)
        status = response.status
        return response
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
