import Foundation

/// One of the server's own keys for signing access tokens.
///
/// Exactly one key is current (``retiredAt`` is `nil`) and signs new tokens; retired keys stay
/// published in the JWKS and keep verifying until every token they signed has expired.
public struct StoredSigningKey: Sendable, Hashable, Codable, Identifiable {
    /// The JWK `kid`.
    public var kid: String
    /// The JWS algorithm, e.g. `ES384`.
    public var algorithm: String
    /// The private key, PEM encoded.
    public var privateKeyPEM: String
    public var createdAt: Date
    /// When the key stopped signing; `nil` for the current key.
    public var retiredAt: Date?

    public var id: String { kid }

    public init(kid: String, algorithm: String, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}
