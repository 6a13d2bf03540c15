import HTTPTypes
import Hummingbird

/// CORS for browser-based EHRs calling the CDS Hooks service (CDS Hooks 2.0: services used by
/// browser clients "will require CORS support"). Only paths under `pathPrefix` take part;
/// only the configured origins (or any, with `*`) are let in.
///
/// It sits outside ``OperationOutcomeMiddleware`` so that error answers (401, 422, …) carry
/// the CORS headers too — otherwise the browser hides the OperationOutcome from the EHR.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext

    let allowedOrigins: [String]
    let pathPrefix: String
    /// Preflight answers may be cached this long by the browser.
    let maxAgeSeconds = 600

    static let allowedMethods = "GET, POST, OPTIONS"
    static let allowedHeaders = "Authorization, Content-Type, Accept"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path.hasPrefix(pathPrefix), let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        guard isAllowed(origin) else {
            if isPreflight {
                throw FHIRHTTPError(
                    .forbidden, code: .forbidden,
                    "Origin \(origin) may not call this service from a browser; ask the payer to add it to corsAllowedOrigins.")
            }
            // Not a CORS-approved origin: answered as for any caller, without CORS headers, so
            // the browser keeps the answer from the page.
            return try await next(request, context)
        }
        if isPreflight {
            var response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = Self.allowedMethods
            response.headers[.accessControlAllowHeaders] = Self.allowedHeaders
            response.headers[.accessControlMaxAge] = "\(maxAgeSeconds)"
            addOriginHeaders(&response, origin: origin)
            return response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        addOriginHeaders(&response, origin: origin)
        return response
    }

    private func isAllowed(_ origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains(origin)
    }

    private func addOriginHeaders(_ response: inout Response, origin: String) {
        response.headers[.accessControlAllowOrigin] = allowedOrigins.contains("*") ? "*" : origin
        response.headers[.accessControlExposeHeaders] = "WWW-Authenticate, Retry-After"
        if !allowedOrigins.contains("*") { response.headers[.vary] = "Origin" }
    }
}
