/// A freshly signed access token and what the token response says about it.
public struct IssuedAccessToken: Sendable, Hashable {
    /// The compact JWT.
    public var token: String
    /// Seconds until it expires (`expires_in`).
    public var expiresIn: Int
    /// The granted scopes, space-separated (`scope`).
    public var scope: String
    public var claims: AccessTokenClaims

    public init(token: String, expiresIn: Int, scope: String, claims: AccessTokenClaims) {
        self.token = token
        self.expiresIn = expiresIn
        self.scope = scope
        self.claims = claims
    }
}
