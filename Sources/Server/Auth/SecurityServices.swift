import CaseStore
import Foundation
import Logging
import Auth

/// The security components of one server, built once from the configuration and shared by
/// every route: who may call, with which token, how often.
public struct SecurityServices: Sendable {
    public let keyRing: SigningKeyRing
    public let authenticator: Authenticator
    public let tokenService: TokenService
    /// Verifies client-signed JWTs: token-request assertions, and CDS Hooks bearer JWTs (CRD).
    public let clientJWTs: ClientJWTVerifier
    public let limiter: AuthRateLimiter

    public init(
        configuration: GreenlightConfiguration,
        store: any CaseStore,
        timeSource: any TimeSource,
        jwksFetcher: any JWKSFetcher = HTTPJWKSFetcher(),
        logger: Logger
    ) {
        let issuer = configuration.effectiveBaseURL
        keyRing = Self.keyRing(configuration: configuration, store: store, timeSource: timeSource)
        limiter = AuthRateLimiter(
            timeSource: timeSource,
            policy: .init(
                requestsPerMinute: configuration.tokenRequestsPerMinute,
                failuresBeforeLockout: configuration.failedAuthenticationsBeforeLockout,
                failureWindow: 300,
                lockout: configuration.lockoutSeconds))
        let keys = ClientKeyResolver(fetcher: jwksFetcher, timeSource: timeSource, cacheLifetime: configuration.jwksCacheSeconds)
        clientJWTs = ClientJWTVerifier(registry: store, replayGuard: store, keys: keys, timeSource: timeSource)
        tokenService = TokenService(
            verifier: clientJWTs,
            issuer: AccessTokenIssuer(
                keyRing: keyRing, issuer: issuer, timeSource: timeSource,
                lifetime: configuration.accessTokenLifetimeSeconds),
            limiter: limiter,
            tokenURL: configuration.tokenURL,
            logger: logger)
        authenticator = Authenticator(
            verifier: AccessTokenVerifier(keyRing: keyRing, issuer: issuer, registry: store, timeSource: timeSource),
            clientJWTs: clientJWTs,
            limiter: limiter,
            mode: configuration.authentication,
            realm: issuer,
            baseURL: configuration.effectiveBaseURL,
            logger: logger)
    }

    /// The server's signing keys as this configuration rotates them; `greenlight keys` uses the
    /// same ring so a rotation by hand follows the same rules as the server's own.
    public static func keyRing(
        configuration: GreenlightConfiguration, store: any SigningKeyStore, timeSource: any TimeSource
    ) -> SigningKeyRing {
        SigningKeyRing(
            store: store, timeSource: timeSource,
            rotationInterval: configuration.signingKeyRotationHours * 3600,
            tokenLifetime: configuration.accessTokenLifetimeSeconds)
    }
}
