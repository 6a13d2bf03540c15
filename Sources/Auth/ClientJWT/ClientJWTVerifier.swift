import CaseStore
import Foundation
import JWTKit

/// Verifies JWTs that registered clients sign with their own private keys: SMART Backend
/// Services `client_assertion`s at the token endpoint, and CDS Hooks bearer JWTs at the CRD
/// service. One component for both, because both come down to the same checks — find the client
/// by `iss`, its key by `kid`, verify, refuse replays — with different claim rules.
///
/// Checks run cheapest first: structure, algorithm, claims, then the registry, then the key and
/// signature, and the `jti` is recorded only once the signature holds, so a forger cannot use up
/// a real client's token ids. Every refusal names the exact problem, for the integrator.
public struct ClientJWTVerifier: Sendable {
    /// SMART Backend Services: an assertion's `exp` at most five minutes ahead.
    public static let maximumAssertionLifetime: TimeInterval = 300

    let registry: any ClientRegistry
    let replayGuard: any ReplayGuard
    let keys: ClientKeyResolver
    let timeSource: any TimeSource
    /// CDS Hooks ids accepted lately whose rows are written with the call's answer.
    let recentTokenIDs = RecentTokenIDs()
    /// Verifiers built from inline keys, reused across calls.
    let verifierMemo = VerifierMemo.make()
    /// Tolerated difference between the client's clock and ours, for `exp`, `iat` and `nbf`.
    public let clockSkew: TimeInterval

    public init(
        registry: any ClientRegistry,
        replayGuard: any ReplayGuard,
        keys: ClientKeyResolver,
        timeSource: any TimeSource,
        clockSkew: TimeInterval = 60
    ) {
        self.registry = registry
        self.replayGuard = replayGuard
        self.keys = keys
        self.timeSource = timeSource
        self.clockSkew = clockSkew
    }

    /// A SMART Backend Services client assertion (RFC 7523) sent to the token endpoint at
    /// `tokenURL`: `iss` = `sub` = the client id, `aud` the token URL, `exp` within 5 minutes,
    /// a fresh `jti`.
    public func verifyClientAssertion(_ jwt: String, tokenURL: String) async throws(AuthenticationError)
        -> VerifiedClientJWT
    {
        let token = try CompactJWT(jwt)
        let header = try ClientJWTHeader(token.header, typRequired: false)
        let claims = ClientJWTClaims(token.payload)
        let issuer = try claims.requiredString("iss")
        guard let subject = try claims.optionalString("sub") else {
            throw AuthenticationError("the sub claim is required; it must equal iss (\(issuer))")
        }
        guard subject == issuer else {
            throw AuthenticationError("iss (\(issuer)) and sub (\(subject)) must both be the client id")
        }
        try claims.checkAudience(tokenURL)
        let now = timeSource.now()
        let times = try checkTimes(claims, now: now, iatRequired: false)
        if times.expiresAt.timeIntervalSince(now) > Self.maximumAssertionLifetime + clockSkew {
            throw AuthenticationError("exp is more than 5 minutes ahead")
        }
        let jti = try claims.requiredString("jti")
        let client = try await activeClient(issuer)
        try await verifySignature(token, header: header, client: client)
        try await claim(tokenID(jti, issuer: issuer, expiresAt: times.expiresAt))
        return VerifiedClientJWT(client: client, jti: jti, expiresAt: times.expiresAt, issuedAt: times.issuedAt)
    }

    /// A CDS Hooks 2.0 bearer JWT on a call to `calledURL` (the service's own URL, which must be
    /// `aud`). `alg`, `kid`, `typ`, `iss`, `aud`, `exp`, `iat` and `jti` are all required. There is
    /// no lifetime cap unless `maxLifetime` is given: some EHRs sign tokens for a day.
    ///
    /// With `recording: .withAnswer` the `jti` is checked against this process's memory only and
    /// returned as ``VerifiedClientJWT/unrecordedTokenID``; the caller must write it with its
    /// answer (one commit per call instead of two) and refuse the call if that write finds it used.
    public func verifyCDSHooksJWT(
        authorization header: String?,
        calledURL: String,
        maxLifetime: TimeInterval? = nil,
        recording: JTIRecording = .now
    ) async throws(AuthenticationError) -> VerifiedClientJWT {
        let jwt = try BearerAuthorization.token(from: header)
        let token = try CompactJWT(jwt)
        let jwtHeader = try ClientJWTHeader(token.header, typRequired: true)
        let claims = ClientJWTClaims(token.payload)
        let issuer = try claims.requiredString("iss")
        try claims.checkAudience(calledURL)
        let now = timeSource.now()
        let times = try checkTimes(claims, now: now, iatRequired: true)
        if let maxLifetime, times.expiresAt.timeIntervalSince(now) > maxLifetime + clockSkew {
            throw AuthenticationError("exp is more than \(Int(maxLifetime)) seconds ahead")
        }
        let jti = try claims.requiredString("jti")
        let tenant = try claims.optionalString("tenant")
        let client = try await activeClient(issuer)
        try await verifySignature(token, header: jwtHeader, client: client)
        var verified = VerifiedClientJWT(
            client: client, jti: jti, expiresAt: times.expiresAt, issuedAt: times.issuedAt, tenant: tenant)
        let tokenID = tokenID(jti, issuer: issuer, expiresAt: times.expiresAt)
        switch recording {
        case .now:
            try await claim(tokenID)
        case .withAnswer:
            guard recentTokenIDs.insert(jti, issuer: issuer) else { throw Self.replayed(jti) }
            verified.unrecordedTokenID = tokenID
        }
        return verified
    }

    /// `exp` required and not past, `iat` (required or not) not in the future, `nbf` if sent
    /// already reached — each with ``clockSkew`` of tolerance.
    private func checkTimes(_ claims: ClientJWTClaims, now: Date, iatRequired: Bool) throws(AuthenticationError)
        -> (expiresAt: Date, issuedAt: Date?)
    {
        let expiresAt = try claims.requiredDate("exp")
        guard expiresAt.addingTimeInterval(clockSkew) > now else {
            throw AuthenticationError("the JWT expired at \(Self.format(expiresAt)) (now \(Self.format(now)))")
        }
        let issuedAt = iatRequired ? try claims.requiredDate("iat") : try claims.optionalDate("iat")
        if let issuedAt, issuedAt > now.addingTimeInterval(clockSkew) {
            throw AuthenticationError("iat \(Self.format(issuedAt)) is in the future (now \(Self.format(now)))")
        }
        if let notBefore = try claims.optionalDate("nbf"), notBefore > now.addingTimeInterval(clockSkew) {
            throw AuthenticationError("the JWT is not valid before \(Self.format(notBefore)) (nbf)")
        }
        return (expiresAt, issuedAt)
    }

    private func activeClient(_ id: String) async throws(AuthenticationError) -> RegisteredClient {
        let found: RegisteredClient?
        do {
            found = try await registry.client(id: id)
        } catch {
            throw AuthenticationError("cannot look up client \(id) right now", isServiceFailure: true)
        }
        guard let client = found else { throw AuthenticationError("unknown client \(id)") }
        guard client.status == .active else { throw AuthenticationError("client \(id) is disabled") }
        return client
    }

    private func verifySignature(_ token: CompactJWT, header: ClientJWTHeader, client: RegisteredClient)
        async throws(AuthenticationError)
    {
        let memoKey = VerifierMemo.key(client: client, kid: header.kid, algorithm: header.algorithm.rawValue, jku: header.jku)
        let verifier: any JWTAlgorithm
        if let memoKey, let known = verifierMemo.value(for: memoKey) {
            verifier = known
        } else {
            let key = try await keys.key(for: client, kid: header.kid, jku: header.jku)
            verifier = try await key.verifier(for: header.algorithm)
            if let memoKey { verifierMemo.keep(verifier, for: memoKey) }
        }
        let valid = (try? verifier.verify(token.signature, signs: token.signingInput)) ?? false
        guard valid else { throw AuthenticationError("signature does not verify with key \(header.kid)") }
    }

    /// A JWT id to record, kept until `exp` plus the skew: as long as the JWT could still be accepted.
    private func tokenID(_ jti: String, issuer: String, expiresAt: Date) -> TokenIDClaim {
        TokenIDClaim(issuer: issuer, jti: jti, keepUntil: expiresAt.addingTimeInterval(clockSkew))
    }

    private func claim(_ tokenID: TokenIDClaim) async throws(AuthenticationError) {
        let fresh: Bool
        do {
            fresh = try await replayGuard.claimTokenID(tokenID.jti, issuer: tokenID.issuer, expiresAt: tokenID.keepUntil)
        } catch {
            throw AuthenticationError("cannot record the jti right now", isServiceFailure: true)
        }
        guard fresh else { throw Self.replayed(tokenID.jti) }
    }

    /// The refusal of a JWT whose id was seen before, however it was found out.
    public static func replayed(_ jti: String) -> AuthenticationError {
        AuthenticationError("jti has already been used (\(jti))")
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
