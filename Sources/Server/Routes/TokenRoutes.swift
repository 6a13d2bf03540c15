import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import Auth

/// `POST /token`: SMART Backend Services. Answers in OAuth's JSON, not FHIR's: token clients
/// are OAuth libraries.
struct TokenRoutes {
    let service: TokenService
    let metrics: PrometheusCollectorRegistry

    /// Assertions are a few kB; anything much larger is not a token request.
    static let maxBodySize = 64 * 1024

    func register(on routes: RouteBuilder) {
        routes.post("/token", access: .public) { request, context in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
                return Self.response(
                    .failure(OAuthError(.invalidRequest, "the body must be application/x-www-form-urlencoded")))
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxBodySize)
            } catch {
                return Self.response(.failure(OAuthError(.invalidRequest, "the body is larger than 64 KiB")))
            }
            let result = await service.exchange(formBody: String(buffer: body), remoteAddress: context.remoteIPAddress)
            let outcome: String
            switch result {
            case .success: outcome = "issued"
            case .failure(let error): outcome = error.error.rawValue
            }
            metrics.greenlightCounter(
                "token_requests", labels: [("outcome", outcome)],
                help: "Token requests by outcome: issued, or the OAuth error code."
            ).increment()
            return Self.response(result)
        }
    }

    static func response(_ result: Result<TokenResponse, OAuthError>) -> Response {
        // RFC 6749 §5.1: token responses must not be cached.
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store", .pragma: "no-cache"]
        let status: HTTPResponse.Status
        let json: JSON
        switch result {
        case .success(let token):
            status = .ok
            json = token.json
        case .failure(let error):
            status = HTTPResponse.Status(code: error.httpStatus)
            json = error.json
            if let retryAfter = error.retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.serialized())))
    }
}

extension HTTPField.Name {
    static let pragma = HTTPField.Name("Pragma")!
}
