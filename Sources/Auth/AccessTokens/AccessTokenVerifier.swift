import CaseStore
import Foundation
import JWTKit

/// Checks the bearer tokens on protected requests: ours, unexpired, for this server, from a
/// client that is still registered and active.
///
/// Every refusal is an ``AuthenticationError`` whose reason says what was wrong, for the HTTP
/// glue to put in its 401. Signatures are checked before any claim is believed.
public struct AccessTokenVerifier: Sendable {
    public let keyRing: SigningKeyRing
    /// The FHIR base URL, which must be both `iss` and `aud`.
    public let issuer: String
    let registry: any ClientRegistry
    let timeSource: any TimeSource
    /// Tolerance for clocks of other processes sharing the keys.
    public let clockSkew: TimeInterval
    /// Tokens whose signature was checked (see ``VerifiedToken``).
    let memo = BoundedMemo<VerifiedToken>(capacity: 4096)

    public init(
        keyRing: SigningKeyRing, issuer: String, registry: any ClientRegistry, timeSource: any TimeSource,
        clockSkew: TimeInterval = 30
    ) {
        self.keyRing = keyRing
        self.issuer = issuer
        self.registry = registry
        self.timeSource = timeSource
        self.clockSkew = clockSkew
    }

    /// The caller behind an `Authorization` header value (`Bearer <token>`, scheme in any case).
    public func verify(authorization header: String?) async throws(AuthenticationError) -> Caller {
        let claims = try await verifiedClaims(of: try BearerAuthorization.token(from: header))
        let client = try await activeClient(claims.clientID)
        return try Caller(claims: claims, client: client)
    }

    /// The claims of a token signed by one of our publishable keys, for this server, in date.
    func verifiedClaims(of token: String) async throws(AuthenticationError) -> AccessTokenClaims {
        if let known = memo.value(for: token) {
            // Signed by a key that is still ours to publish; the claims are checked again.
            let stillPublished: Bool
            do {
                stillPublished = try await keyRing.verificationKey(kid: known.kid) != nil
            } catch {
                throw AuthenticationError("the server cannot check access tokens right now", isServiceFailure: true)
            }
            guard stillPublished else {
                throw AuthenticationError("the access token's key \(known.kid) is unknown or has expired")
            }
            try check(known.claims)
            return known.claims
        }
        let jwt = try CompactJWT(token)
        let header = try AccessTokenHeader(jwt.header)
        let key: (any JWTAlgorithm)?
        do {
            key = try await keyRing.verificationKey(kid: header.kid)
        } catch {
            throw AuthenticationError("the server cannot check access tokens right now", isServiceFailure: true)
        }
        guard let key else {
            throw AuthenticationError("the access token's key \(header.kid) is unknown or has expired")
        }
        // A malformed signature (wrong length, not a curve point) throws; it is just as invalid.
        guard (try? key.verify(jwt.signature, signs: jwt.signingInput)) == true else {
            throw AuthenticationError("the access token's signature does not verify")
        }
        let claims = try AccessTokenClaims(payload: jwt.payload)
        try check(claims)
        memo.keep(VerifiedToken(claims: claims, kid: header.kid), for: token)
        return claims
    }

    private func check(_ claims: AccessTokenClaims) throws(AuthenticationError) {
        guard claims.issuer == issuer else {
            throw AuthenticationError("the access token was issued by \(claims.issuer), not \(issuer)")
        }
        guard claims.audience == issuer else {
            throw AuthenticationError("the access token is for \(claims.audience), not \(issuer)")
        }
        guard claims.subject == claims.clientID else {
            throw AuthenticationError("the access token's sub and client_id differ")
        }
        let now = timeSource.now()
        guard claims.expiresAt.addingTimeInterval(clockSkew) > now else {
            throw AuthenticationError("the access token has expired; request a new one")
        }
        guard claims.issuedAt <= now.addingTimeInterval(clockSkew) else {
            throw AuthenticationError("the access token's iat is in the future")
        }
        guard claims.issuedAt < claims.expiresAt else {
            throw AuthenticationError("the access token expires before it was issued")
        }
    }

    /// Tokens live only as long as their client's registration: removing or disabling a client
    /// revokes its outstanding tokens at once.
    private func activeClient(_ id: String) async throws(AuthenticationError) -> RegisteredClient {
        let client: RegisteredClient?
        do {
            client = try await registry.client(id: id)
        } catch {
            throw AuthenticationError("the server cannot check access tokens right now", isServiceFailure: true)
        }
        guard let client else { throw AuthenticationError("client \(id) is no longer registered") }
        guard client.status == .active else { throw AuthenticationError("client \(id) is disabled") }
        return client
    }
}
