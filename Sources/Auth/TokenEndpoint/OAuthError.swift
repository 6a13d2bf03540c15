import FHIR

/// A refusal from the token endpoint, in the shape RFC 6749 §5.2 prescribes:
/// `{"error": "invalid_client", "error_description": "…"}`.
public struct OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: Code
    /// Written for the integrator: names the parameter or claim and what was wrong with it.
    public var errorDescription: String
    /// How long the client should wait, for rate-limited requests.
    public var retryAfter: Int?

    public init(_ error: Code, _ errorDescription: String, retryAfter: Int? = nil) {
        self.error = error
        self.errorDescription = errorDescription
        self.retryAfter = retryAfter
    }

    public var description: String { "\(error.rawValue): \(errorDescription)" }

    /// RFC 6749 §5.2: 401 for client authentication failures, 400 otherwise; 429 when throttled,
    /// 503 when the server itself failed.
    public var httpStatus: Int {
        switch error {
        case .invalidClient: 401
        case .temporarilyUnavailable: 429
        case .serverError: 503
        default: 400
        }
    }

    public var json: JSON {
        .object(["error": .string(error.rawValue), "error_description": .string(errorDescription)])
    }

    public enum Code: String, Sendable, Hashable, CaseIterable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        /// Too many requests or failures from this client or address (answered with 429 and Retry-After).
        case temporarilyUnavailable = "temporarily_unavailable"
        /// The server could not check the request (its store failed); answered with 503.
        case serverError = "server_error"
    }
}
