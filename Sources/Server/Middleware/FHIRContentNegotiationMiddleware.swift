import Foundation
import HTTPTypes
import Hummingbird

/// Enforces FHIR's JSON media types on FHIR routes.
///
/// - A request body must be `application/fhir+json` (or `application/json`): anything else is
///   415, before a handler reads a byte of it.
/// - A caller that will accept no JSON (`Accept: application/fhir+xml`, or `_format=xml`) gets 406:
///   Greenlight speaks only JSON.
public struct FHIRContentNegotiationMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let format = request.uri.queryParameters.get("_format"), !FHIRMediaType.isJSONFormatParameter(format) {
            throw FHIRHTTPError(
                .notAcceptable, code: .notSupported,
                "_format=\(format) is not supported; this server answers in application/fhir+json only.",
                expression: ["_format"])
        }
        if !FHIRMediaType.acceptsJSON(request.headers[.accept]) {
            throw FHIRHTTPError(
                .notAcceptable, code: .notSupported,
                "Accept: \(request.headers[.accept] ?? "") admits no JSON; this server answers in application/fhir+json only.")
        }
        if Self.hasBody(request) {
            guard let contentType = request.headers[.contentType] else {
                throw FHIRHTTPError(
                    .unsupportedMediaType, code: .notSupported,
                    "The request has a body but no Content-Type; send application/fhir+json.")
            }
            guard FHIRMediaType.isAcceptableBody(contentType: contentType) else {
                throw FHIRHTTPError(
                    .unsupportedMediaType, code: .notSupported,
                    "Content-Type \(contentType) is not supported; send application/fhir+json.")
            }
        }
        return try await next(request, context)
    }

    /// Methods that carry a payload; a GET with a stray Content-Type is left alone.
    static func hasBody(_ request: Request) -> Bool {
        switch request.method {
        case .post, .put, .patch:
            if let length = request.headers[.contentLength], length == "0" { return false }
            return true
        default:
            return false
        }
    }
}
