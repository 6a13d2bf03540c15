import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every failure into one FHIR OperationOutcome with the right status.
///
/// Handlers throw whatever fits (a ``FHIRHTTPError``, a JSON parse error, Hummingbird's own
/// `HTTPError`, a store error); this is the one place that decides how each looks on the wire.
/// An error nobody anticipated becomes a 500 whose body names the request id, never its details.
public struct OperationOutcomeMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    public init(routes: RouteTable) {
        self.routes = routes
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try render(error, request: request, context: context)
        }
    }

    func render(_ error: any Error, request: Request, context: Context) throws -> Response {
        let fhirError = translate(error, request: request, context: context)
        return try fhirError.response(from: request, context: context)
    }

    func translate(_ error: any Error, request: Request, context: Context) -> FHIRHTTPError {
        switch error {
        case let error as FHIRHTTPError:
            return error
        case let error as JSONParseError:
            return FHIRHTTPError(
                .badRequest, code: .structure, "The request body is not valid JSON: \(error.description)")
        case let error as HTTPError:
            return translate(error, request: request)
        case let error as any HTTPResponseError:
            return FHIRHTTPError(
                error.status, code: Self.issueType(for: error.status), error.status.reasonPhrase)
        default:
            context.logger.error(
                "Unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return FHIRHTTPError(
                .internalServerError, code: .exception,
                "The server failed to process the request (request id \(context.id)). The failure has been logged.")
        }
    }

    private func translate(_ error: HTTPError, request: Request) -> FHIRHTTPError {
        if error.status == .notFound, error.body == nil {
            let path = request.uri.path
            let allowed = routes.methods(forPath: path)
            if !allowed.isEmpty {
                let allow = allowed.map(\.rawValue).joined(separator: ", ")
                return FHIRHTTPError(
                    .methodNotAllowed, code: .notSupported,
                    "\(request.method.rawValue) is not supported on \(path); allowed: \(allow).",
                    headers: [.allow: allow])
            }
            return FHIRHTTPError(.notFound, code: .notFound, "No endpoint at \(request.method.rawValue) \(path).")
        }
        let message = error.body ?? Self.defaultMessage(for: error.status)
        var headers = HTTPFields()
        for field in error.headers where field.name != .contentType && field.name != .contentLength {
            headers.append(field)
        }
        return FHIRHTTPError(error.status, code: Self.issueType(for: error.status), message, headers: headers)
    }

    static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status {
        case .contentTooLarge: "The request body is larger than the server accepts."
        default: status.reasonPhrase
        }
    }

    /// FHIR `issue-type` for an HTTP status, per the FHIR RESTful API's error guidance.
    static func issueType(for status: HTTPResponse.Status) -> OperationOutcome.IssueType {
        switch status.code {
        case 400: .invalid
        case 401: .login
        case 403: .forbidden
        case 404, 410: .notFound
        case 405, 406, 415, 501: .notSupported
        case 408, 504: .timeout
        case 409, 412: .conflict
        case 413: .tooLong
        case 422: .processing
        case 429: .throttled
        case 500..<600: .exception
        default: .processing
        }
    }
}
