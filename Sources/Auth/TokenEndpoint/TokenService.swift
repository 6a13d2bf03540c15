import CaseStore
import FHIR
import Foundation
import Logging

/// The SMART Backend Services token exchange, free of HTTP: a client proves who it is with a
/// signed `client_assertion`, and gets a short-lived access token for the scopes it may have.
///
/// Throttling comes first and failures feed it, so guessing at keys or replaying assertions
/// from one address or for one client soon gets 429s instead of answers.
public struct TokenService: Sendable {
    let verifier: ClientJWTVerifier
    let issuer: AccessTokenIssuer
    let limiter: AuthRateLimiter
    /// The token endpoint's own URL: what `aud` of every assertion must be.
    public let tokenURL: String
    let logger: Logger

    public init(
        verifier: ClientJWTVerifier,
        issuer: AccessTokenIssuer,
        limiter: AuthRateLimiter,
        tokenURL: String,
        logger: Logger = Logger(label: "greenlight.token")
    ) {
        self.verifier = verifier
        self.issuer = issuer
        self.limiter = limiter
        self.tokenURL = tokenURL
        self.logger = logger
    }

    /// Exchanges a form body for an access token. `remoteAddress` keys the per-address limits.
    public func exchange(formBody: String, remoteAddress: String) async -> Result<TokenResponse, OAuthError> {
        var keys = [RateLimitKey.address(remoteAddress)]
        if case .limited(let retryAfter) = await limiter.check(keys) {
            return .failure(Self.throttled(retryAfter))
        }
        let request: TokenRequest
        do {
            request = try TokenRequest(formBody: formBody)
        } catch {
            await limiter.recordFailure(keys)
            return .failure(error)
        }
        // The claimed client, before anything is verified: only to key its limits.
        if let claimed = UnverifiedJWT.issuer(of: request.clientAssertion) {
            keys.append(RateLimitKey.client(claimed))
            if case .limited(let retryAfter) = await limiter.check([RateLimitKey.client(claimed)]) {
                return .failure(Self.throttled(retryAfter))
            }
        }
        do {
            let response = try await exchange(request)
            await limiter.recordSuccess(keys)
            return .success(response)
        } catch {
            // The server's own failures are not the client's failed attempts.
            if error.error != .serverError { await limiter.recordFailure(keys) }
            logger.notice(
                "Token request refused",
                metadata: ["error": "\(error.error.rawValue)", "reason": "\(error.errorDescription)", "address": "\(remoteAddress)"])
            return .failure(error)
        }
    }

    private func exchange(_ request: TokenRequest) async throws(OAuthError) -> TokenResponse {
        let verified: VerifiedClientJWT
        do {
            verified = try await verifier.verifyClientAssertion(request.clientAssertion, tokenURL: tokenURL)
        } catch {
            if error.isServiceFailure { throw OAuthError(.serverError, error.reason, retryAfter: 5) }
            throw OAuthError(.invalidClient, "client_assertion refused: \(error.reason)")
        }
        let client = verified.client
        if let clientID = request.clientID, clientID != client.id {
            throw OAuthError(.invalidClient, "client_id \(clientID) does not match the assertion's issuer \(client.id)")
        }
        let granted: ScopeGrant.Granted
        switch ScopeGrant.grant(requested: request.scope, allowed: client.allowedScopes) {
        case .success(let value): granted = value
        case .failure(let error): throw OAuthError(.invalidScope, error.description)
        }
        do {
            let token = try await issuer.issue(for: client, scope: granted.text)
            return TokenResponse(accessToken: token.token, expiresIn: token.expiresIn, scope: token.scope)
        } catch {
            logger.error("Cannot sign an access token", metadata: ["error": "\(error)"])
            throw OAuthError(.serverError, "the server cannot sign tokens right now", retryAfter: 5)
        }
    }

    static func throttled(_ retryAfter: Int) -> OAuthError {
        OAuthError(
            .temporarilyUnavailable, "too many token requests or failures; retry in \(retryAfter) s",
            retryAfter: retryAfter)
    }
}

/// Keys of the authentication rate limits.
public enum RateLimitKey {
    public static func address(_ address: String) -> String { "address:\(address)" }
    public static func client(_ clientID: String) -> String { "client:\(clientID)" }
}

/// Reads a claim of a JWT without verifying it — only ever to pick rate-limit keys or to find
/// which client's keys to verify with, never to trust.
enum UnverifiedJWT {
    static func issuer(of token: String) -> String? {
        guard let issuer = (try? CompactJWT(token))?.payload["iss"]?.string, !issuer.isEmpty, issuer.count <= 256
        else { return nil }
        return issuer
    }
}
