import FHIR
import Foundation
import JWTKit
import Auth

/// A freshly generated client key pair: the private half signs test JWTs, the public half is
/// published as a JWK. JWTs are assembled by hand so tests can send any header or claims —
/// including the malformed and malicious ones a verifier must refuse.
struct TestKey: Sendable {
    let kid: String
    /// The JWS `alg` this key signs with.
    let alg: String
    /// The public JWK, as it would appear in the client's JWKS.
    let publicJWK: JSON
    /// The public key in PEM, for the HMAC-confusion attack.
    let publicKeyPEM: String
    private let signer: JWTKeyCollection

    /// RSA keys are slow to generate; tests share these.
    static let sharedRSA: Insecure.RSA.PrivateKey = makeRSAKey()
    static let otherRSA: Insecure.RSA.PrivateKey = makeRSAKey()

    static func makeRSAKey() -> Insecure.RSA.PrivateKey {
        do {
            return try Insecure.RSA.PrivateKey(backing: .init(keySize: .bits2048))
        } catch {
            fatalError("cannot generate an RSA key: \(error)")
        }
    }

    /// An RSA key signing with `alg` (RS256, RS384, RS512, PS384).
    static func rsa(kid: String, alg: String = "RS384", key: Insecure.RSA.PrivateKey = sharedRSA, jwkAlg: String? = nil)
        async throws -> TestKey
    {
        let collection = JWTKeyCollection()
        let id = JWKIdentifier(string: kid)
        switch alg {
        case "RS256": await collection.add(rsa: key, digestAlgorithm: .sha256, kid: id)
        case "RS512": await collection.add(rsa: key, digestAlgorithm: .sha512, kid: id)
        case "PS384": await collection.add(pss: key, digestAlgorithm: .sha384, kid: id)
        default: await collection.add(rsa: key, digestAlgorithm: .sha384, kid: id)
        }
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        var jwk: JSONObject = [
            "kty": "RSA", "kid": .string(kid), "use": "sig",
            "n": .string(modulus.base64URL), "e": .string(exponent.base64URL),
        ]
        if let jwkAlg { jwk["alg"] = .string(jwkAlg) }
        return TestKey(kid: kid, alg: alg, publicJWK: .object(jwk), publicKeyPEM: key.publicKey.pemRepresentation, signer: collection)
    }

    /// An EC key: ES256 on P-256, ES384 on P-384, ES512 on P-521.
    static func ec(kid: String, alg: String = "ES384", jwkAlg: String? = nil) async throws -> TestKey {
        let collection = JWTKeyCollection()
        let id = JWKIdentifier(string: kid)
        let parameters: ECDSAParameters?
        let crv: String
        let pem: String
        switch alg {
        case "ES256":
            let key = ES256PrivateKey()
            await collection.add(ecdsa: key, kid: id)
            (parameters, crv, pem) = (key.publicKey.parameters, "P-256", key.publicKey.pemRepresentation)
        case "ES512":
            let key = ES512PrivateKey()
            await collection.add(ecdsa: key, kid: id)
            (parameters, crv, pem) = (key.publicKey.parameters, "P-521", key.publicKey.pemRepresentation)
        default:
            let key = ES384PrivateKey()
            await collection.add(ecdsa: key, kid: id)
            (parameters, crv, pem) = (key.publicKey.parameters, "P-384", key.publicKey.pemRepresentation)
        }
        guard let parameters else { throw TestKeyError("no EC parameters") }
        var jwk: JSONObject = ["kty": "EC", "kid": .string(kid), "crv": .string(crv), "x": .string(parameters.x), "y": .string(parameters.y)]
        if let jwkAlg { jwk["alg"] = .string(jwkAlg) }
        return TestKey(kid: kid, alg: alg, publicJWK: .object(jwk), publicKeyPEM: pem, signer: collection)
    }

    /// A JWKS document holding `keys`' public halves.
    static func jwks(_ keys: [TestKey]) -> String {
        JSON.object(["keys": .array(keys.map(\.publicJWK))]).serializedString()
    }

    /// Signs `claims` under a header of `alg`, `kid`, `typ: JWT`, changed by `header`
    /// (a `.null` value removes a member).
    func sign(claims: JSONObject, header overrides: JSONObject = [:]) async throws -> String {
        var header: JSONObject = ["alg": .string(alg), "kid": .string(kid), "typ": "JWT"]
        for (name, value) in overrides {
            if value.isNull { _ = header.removeValue(forKey: name) } else { header[name] = value }
        }
        let input = TestJWT.encode(.object(header)) + "." + TestJWT.encode(.object(claims))
        let algorithm = try await signer.getKey(for: JWKIdentifier(string: kid))
        let signature = try algorithm.sign(Array(input.utf8))
        return input + "." + Data(signature).base64URL
    }
}

/// Hand-made JWTs, for tokens no honest signer would produce.
enum TestJWT {
    static func encode(_ json: JSON) -> String { json.serializedData().base64URL }

    /// An unsigned token (`alg: none`, empty signature).
    static func unsigned(claims: JSONObject, kid: String) -> String {
        encode(["alg": "none", "kid": .string(kid), "typ": "JWT"]) + "." + encode(.object(claims)) + "."
    }

    /// An HS256 token whose HMAC secret is `secret` — the classic RS/HS confusion attack, where the
    /// "secret" is the victim's public key.
    static func hmacSHA256(claims: JSONObject, kid: String, secret: String) async throws -> String {
        let collection = JWTKeyCollection()
        await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        let input = encode(["alg": "HS256", "kid": .string(kid), "typ": "JWT"]) + "." + encode(.object(claims))
        let algorithm = try await collection.getKey(for: JWKIdentifier(string: kid))
        return input + "." + Data(try algorithm.sign(Array(input.utf8))).base64URL
    }
}

struct TestKeyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Data {
    /// Unpadded base64url.
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
