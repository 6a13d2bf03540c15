import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One structured log line per request: method, path, status, duration and request id.
///
/// The fields are logger metadata, not prose, so a JSON log handler (`--log-format json`)
/// emits them as fields a log pipeline can index.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status, start: start)
            return response
        } catch {
            // Errors normally become responses further in; this covers anything that escaped.
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            log(request, context: context, status: status, start: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: HTTPResponse.Status, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let level: Logger.Level = status.code >= 500 ? .error : .info
        context.logger.log(
            level: level, "request",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(request.uri.path)",
                "http.status": "\(status.code)",
                "http.duration_ms": "\(String(format: "%.3f", milliseconds))",
                "http.endpoint": "\(context.endpointPath ?? "unmatched")",
            ])
    }
}
