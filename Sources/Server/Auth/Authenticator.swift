import CaseStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Auth

/// Decides who is calling from the `Authorization` header, for ``AccessControlMiddleware``.
///
/// One instance is shared by all routes. Failed attempts count against the caller's address,
/// and an address that failed too often is answered 429 before its token is even read.
public struct Authenticator: Sendable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Every protected route needs a valid access token. The default.
        case required
        /// Development only: protected routes accept any request as a built-in caller with every
        /// scope. The server logs a warning at startup and on every request it lets through.
        case disabled
    }

    let verifier: AccessTokenVerifier
    let clientJWTs: ClientJWTVerifier
    let limiter: AuthRateLimiter
    let mode: Mode
    let realm: String
    /// The server's public base URL; with a request's path, the URL a CDS Hooks JWT's `aud` names.
    let baseURL: String
    let logger: Logger

    public init(
        verifier: AccessTokenVerifier, clientJWTs: ClientJWTVerifier, limiter: AuthRateLimiter, mode: Mode, realm: String,
        baseURL: String, logger: Logger
    ) {
        self.baseURL = baseURL
        self.verifier = verifier
        self.clientJWTs = clientJWTs
        self.limiter = limiter
        self.mode = mode
        self.realm = realm
        self.logger = logger
    }

    /// The caller the development mode pretends every request comes from.
    static let developmentCaller = Caller(
        clientID: "development-mode", kind: .provider,
        scopes: [SMARTScope(context: .system, resourceType: "*", permissions: .all)],
        roles: ["development"])

    /// Checks `access` for this request; returns the caller, or throws a 401, 403 or 429
    /// OperationOutcome with the `WWW-Authenticate` header RFC 6750 asks for. `calledURL` is the
    /// URL the client called (base URL and path), which a CDS Hooks JWT's `aud` must equal.
    func authorize(_ access: RouteAccess, authorization: String?, address: String, calledURL: String) async throws
        -> Caller?
    {
        if case .public = access { return nil }
        if mode == .disabled {
            logger.warning("Authentication is DISABLED: request let through without a token")
            return Self.developmentCaller
        }
        let addressKey = [RateLimitKey.address(address)]
        if let retryAfter = limiter.lockout(addressKey) {
            throw FHIRHTTPError(
                .tooManyRequests, code: .throttled,
                "Too many failed authentications from this address; retry in \(retryAfter) s.",
                headers: [.retryAfter: "\(retryAfter)"])
        }
        guard let authorization, !authorization.isEmpty else {
            throw FHIRHTTPError(
                .unauthorized, code: .login,
                "This endpoint needs an access token (\(access)); get one from the token endpoint.",
                headers: [.wwwAuthenticate: challenge(scope: access)])
        }
        switch access {
        case .cdsHooks:
            return try await authorizeCDSHooks(
                authorization: authorization, calledURL: calledURL, addressKey: addressKey, recording: .now)
        case .cdsHooksCall:
            return try await authorizeCDSHooks(
                authorization: authorization, calledURL: calledURL, addressKey: addressKey, recording: .withAnswer)
        case .public, .authenticated, .scope:
            break
        }
        let caller: Caller
        do {
            caller = try await verifier.verify(authorization: authorization)
        } catch where error.isServiceFailure {
            throw FHIRHTTPError(
                .serviceUnavailable, code: .transient, "Access tokens cannot be checked right now: \(error.reason)",
                headers: [.retryAfter: "5"])
        } catch {
            await limiter.recordFailure(addressKey)
            throw FHIRHTTPError(
                .unauthorized, code: .login, "The access token was refused: \(error.reason)",
                headers: [.wwwAuthenticate: challenge(scope: access, error: "invalid_token", description: error.reason)])
        }
        if case .scope(let requirement) = access, !caller.isAllowed(requirement) {
            throw FHIRHTTPError(
                .forbidden, code: .forbidden,
                "The access token does not grant \(requirement); it grants: "
                    + (caller.scopes.isEmpty ? "no scopes" : caller.scopes.map(\.description).joined(separator: " ")),
                headers: [.wwwAuthenticate: challenge(scope: access, error: "insufficient_scope")])
        }
        return caller
    }

    /// A CDS Hooks call: the EHR's own JWT, verified against its registered keys.
    private func authorizeCDSHooks(
        authorization: String, calledURL: String, addressKey: [String], recording: JTIRecording
    ) async throws -> Caller {
        let verified: VerifiedClientJWT
        do {
            verified = try await clientJWTs.verifyCDSHooksJWT(
                authorization: authorization, calledURL: calledURL, recording: recording)
        } catch where error.isServiceFailure {
            throw FHIRHTTPError(
                .serviceUnavailable, code: .transient, "The JWT cannot be checked right now: \(error.reason)",
                headers: [.retryAfter: "5"])
        } catch {
            await limiter.recordFailure(addressKey)
            throw FHIRHTTPError(
                .unauthorized, code: .login, "The CDS Hooks JWT was refused: \(error.reason)",
                headers: [.wwwAuthenticate: challenge(scope: .cdsHooks, error: "invalid_token", description: error.reason)])
        }
        guard verified.client.kind == .ehr else {
            throw FHIRHTTPError(
                .forbidden, code: .forbidden,
                "Client \(verified.client.id) is registered as \(verified.client.kind.rawValue), not as an EHR; only EHR clients call CDS Hooks services.")
        }
        return Caller(cdsHooksJWT: verified)
    }

    /// The 401 for a CDS Hooks call whose `jti` turned out to be used when its answer was
    /// written (``RouteAccess/cdsHooksCall``).
    func replayedCDSHooksJWT(_ jti: String) -> FHIRHTTPError {
        let reason = ClientJWTVerifier.replayed(jti).reason
        return FHIRHTTPError(
            .unauthorized, code: .login, "The CDS Hooks JWT was refused: \(reason)",
            headers: [.wwwAuthenticate: challenge(scope: .cdsHooks, error: "invalid_token", description: reason)])
    }

    /// An RFC 6750 §3 challenge.
    func challenge(scope access: RouteAccess, error: String? = nil, description: String? = nil) -> String {
        var parts = [#"realm="\#(realm)""#]
        if let error { parts.append(#"error="\#(error)""#) }
        if let description { parts.append(#"error_description="\#(Self.quotable(description))""#) }
        if case .scope(let requirement) = access { parts.append(#"scope="\#(requirement)""#) }
        return "Bearer " + parts.joined(separator: ", ")
    }

    /// RFC 6750 limits error_description to printable ASCII without `"` and `\`.
    static func quotable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init))
    }
}
