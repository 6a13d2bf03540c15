import FHIR

/// A successful token response (RFC 6749 §5.1, SMART Backend Services).
public struct TokenResponse: Sendable, Hashable {
    public var accessToken: String
    public var expiresIn: Int
    /// The scopes actually granted, which may be fewer than asked.
    public var scope: String

    public init(accessToken: String, expiresIn: Int, scope: String) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.scope = scope
    }

    public var json: JSON {
        .object([
            "access_token": .string(accessToken),
            "token_type": "bearer",
            "expires_in": .number(JSONNumber(expiresIn)),
            "scope": .string(scope),
        ])
    }
}
