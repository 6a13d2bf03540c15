import Foundation
import Identifiers
import JWTKit

/// Signs JWTs the way a registered client does: SMART Backend Services `client_assertion`s and
/// CDS Hooks bearer JWTs. Greenlight itself never needs a client's private key; this exists for
/// `greenlight token`, the demo walk-through and the tests, which must talk to the server the
/// way real clients do.
public struct ClientJWTSigner: Sendable {
    public let clientID: String
    public let kid: String
    /// `ES384` for P-384 keys, `RS384` for RSA keys.
    public let algorithm: String
    private let keys: JWTKeyCollection

    /// Reads a PEM private key (PKCS #8 or the older SEC1/PKCS #1 forms) of type P-384 or RSA.
    public init(clientID: String, kid: String, privateKeyPEM pem: String) async throws(ClientJWTSignerError) {
        self.clientID = clientID
        self.kid = kid
        let keys = JWTKeyCollection()
        if let key = try? ES384PrivateKey(pem: pem) {
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            algorithm = "ES384"
        } else if let key = try? Insecure.RSA.PrivateKey(pem: pem) {
            await keys.add(rsa: key, digestAlgorithm: .sha384, kid: JWKIdentifier(string: kid))
            algorithm = "RS384"
        } else {
            throw ClientJWTSignerError("the PEM is neither a P-384 nor an RSA private key")
        }
        self.keys = keys
    }

    /// A client assertion for `tokenURL` (RFC 7523; SMART asks for at most 5 minutes of life).
    public func clientAssertion(tokenURL: String, lifetime: TimeInterval = 240, now: Date = Date()) async throws -> String {
        try await sign(audience: [tokenURL], lifetime: lifetime, now: now)
    }

    /// A CDS Hooks bearer JWT for the service URL being called.
    public func cdsHooksJWT(audience: String, lifetime: TimeInterval = 300, now: Date = Date()) async throws -> String {
        try await sign(audience: [audience], lifetime: lifetime, now: now)
    }

    /// A JWT with the usual client claims and any `extra` ones, signed with this client's key.
    public func sign(audience: [String], lifetime: TimeInterval, now: Date, jti: String = RandomIdentifier.uuid()) async throws
        -> String
    {
        let payload = ClientClaims(
            iss: IssuerClaim(value: clientID), sub: SubjectClaim(value: clientID), aud: AudienceClaim(value: audience),
            exp: ExpirationClaim(value: now.addingTimeInterval(lifetime)), iat: IssuedAtClaim(value: now),
            jti: IDClaim(value: jti))
        var header = JWTHeader()
        header.typ = "JWT"
        return try await keys.sign(payload, kid: JWKIdentifier(string: kid), header: header)
    }

    struct ClientClaims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}

public struct ClientJWTSignerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
