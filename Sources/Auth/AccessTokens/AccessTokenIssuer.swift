import CaseStore
import Foundation
import Identifiers

/// Signs the server's access tokens: JWTs per RFC 9068 (`typ` `at+jwt`), ES384 with the ring's
/// current key, so any of our processes — or a resource server holding only the JWKS — can check
/// them without a store lookup of the token.
public struct AccessTokenIssuer: Sendable {
    /// The `typ` header of access tokens (RFC 9068 §2.1), which keeps them from being mistaken
    /// for (or replayed as) any other kind of JWT.
    static let tokenType = "at+jwt"

    public let keyRing: SigningKeyRing
    /// The FHIR base URL: both `iss` and `aud` of every token.
    public let issuer: String
    /// Token life in whole seconds, never longer than the ring keeps a retired key published.
    public let lifetime: Int
    let timeSource: any TimeSource

    public init(keyRing: SigningKeyRing, issuer: String, timeSource: any TimeSource, lifetime: TimeInterval = 300) {
        self.keyRing = keyRing
        self.issuer = issuer
        self.timeSource = timeSource
        // A token outliving the ring's tokenLifetime could outlive its key's publication.
        self.lifetime = max(1, Int(min(lifetime, keyRing.tokenLifetime)))
    }

    /// A signed access token for `client` carrying the granted `scope` text.
    ///
    /// The caller (the token endpoint) has already authenticated the client and cut the scope
    /// down to what it may have; this only records the outcome.
    public func issue(for client: RegisteredClient, scope: String) async throws -> IssuedAccessToken {
        // Whole seconds: NumericDate claims are integers here, and the claims returned must
        // equal what a verifier will read back.
        let issuedAt = Date(timeIntervalSince1970: timeSource.now().timeIntervalSince1970.rounded(.down))
        let claims = AccessTokenClaims(
            issuer: issuer, subject: client.id, audience: issuer, clientID: client.id, scope: scope,
            organizationIdentifiers: client.organizationIdentifiers, kind: client.kind, roles: client.roles,
            issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(TimeInterval(lifetime)),
            tokenID: RandomIdentifier.uuid())
        let token = try await keyRing.sign(AccessTokenPayload(claims), typ: Self.tokenType)
        return IssuedAccessToken(token: token, expiresIn: lifetime, scope: scope, claims: claims)
    }
}
