import FHIR
import Foundation
import JWTKit
@testable import Auth

/// Hand-made access tokens, for what no honest issuer produces: forged, tampered, odd headers.
enum TokenForge {
    /// Unpadded base64url.
    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func encode(_ json: JSON) -> String { base64URL(json.serialized()) }

    static func decode(_ part: Substring) throws -> JSON {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text) else { throw ForgeError("not base64url") }
        return try JSON.parse(data: data)
    }

    static func parts(_ token: String) -> [Substring] {
        token.split(separator: ".", omittingEmptySubsequences: false)
    }

    static func header(of token: String) throws -> JSON { try decode(parts(token)[0]) }
    static func payload(of token: String) throws -> JSON { try decode(parts(token)[1]) }

    /// `token` with one payload member replaced and the original signature kept.
    static func tampered(_ token: String, set name: String, to value: JSON) throws -> String {
        guard var payload = try payload(of: token).object else { throw ForgeError("payload is not an object") }
        payload[name] = value
        let pieces = parts(token)
        return "\(pieces[0]).\(encode(.object(payload))).\(pieces[2])"
    }

    /// Signs `claims` with the ring's real current key, but with header `typ` as given.
    static func signedByRing(_ ring: SigningKeyRing, _ claims: AccessTokenClaims, typ: String = "at+jwt") async throws
        -> String
    {
        try await ring.sign(AccessTokenPayload(claims), typ: typ)
    }

    /// Signs `claims` with a brand-new P-384 key that is not the ring's, under the ring's `kid`.
    static func signedByForeignKey(_ claims: AccessTokenClaims, kid: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: ES384PrivateKey(), kid: JWKIdentifier(string: kid))
        var header = JWTHeader()
        header.typ = "at+jwt"
        return try await keys.sign(AccessTokenPayload(claims), kid: JWKIdentifier(string: kid), header: header)
    }

    /// `header.payload.signature` with the given header members, HMAC-SHA256 over it keyed by `secret`.
    static func hmacSHA256(header: JSON, claims: AccessTokenClaims, secret: String) async throws -> String {
        let kid = JWKIdentifier(string: "hmac")
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: kid)
        let input = try encode(header) + "." + payloadText(claims)
        let algorithm = try await keys.getKey(for: kid)
        return input + "." + base64URL(try algorithm.sign(Array(input.utf8)))
    }

    /// An unsecured token: `alg` none, with `signature` as its third part.
    static func unsigned(kid: String, claims: AccessTokenClaims, signature: String) throws -> String {
        let header: JSON = ["alg": "none", "kid": .string(kid), "typ": "at+jwt"]
        return try encode(header) + "." + payloadText(claims) + "." + signature
    }

    /// The base64url payload exactly as the issuer would write it.
    static func payloadText(_ claims: AccessTokenClaims) throws -> String {
        base64URL(try JSONEncoder().encode(AccessTokenPayload(claims)))
    }
}

struct ForgeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
