import FHIR
import JWTKit

/// One public key from a client's JWKS: an RSA key, or an EC key on P-256, P-384 or P-521.
///
/// The key decides nothing by itself: the JWT header names the algorithm, and the key must fit
/// it (type, curve, and its own `alg` when it states one). That pairing is checked here so a
/// key registered for ES384 can never be used to check, say, an RS256 signature.
public struct ClientPublicKey: Sendable, Hashable {
    public let kid: String
    /// The JWK as published (public members only are ever read).
    public let jwk: JSON

    init(kid: String, jwk: JSON) {
        self.kid = kid
        self.jwk = jwk
    }

    /// A verifier for signatures made with `algorithm` under this key, or why the key cannot be one.
    func verifier(for algorithm: ClientJWTAlgorithm) async throws(AuthenticationError) -> any JWTAlgorithm {
        let kty = jwk["kty"]?.string ?? "nothing"
        guard kty == algorithm.keyType else {
            throw AuthenticationError("key \(kid) is of type \(kty), which cannot verify \(algorithm.rawValue)")
        }
        if let alg = jwk["alg"]?.string, alg != algorithm.rawValue {
            throw AuthenticationError("key \(kid) is registered for \(alg), not \(algorithm.rawValue)")
        }
        if let use = jwk["use"]?.string, use != "sig" {
            throw AuthenticationError("key \(kid) is not a signing key (use \(use))")
        }
        let identifier = JWKIdentifier(string: kid)
        let collection = JWTKeyCollection()
        do {
            switch algorithm {
            case .rs256, .rs384, .rs512, .ps384:
                guard let n = jwk["n"]?.string, let e = jwk["e"]?.string else {
                    throw AuthenticationError("RSA key \(kid) lacks n or e")
                }
                let key = try Insecure.RSA.PublicKey(modulus: n, exponent: e)
                switch algorithm {
                case .rs256: await collection.add(rsa: key, digestAlgorithm: .sha256, kid: identifier)
                case .rs512: await collection.add(rsa: key, digestAlgorithm: .sha512, kid: identifier)
                case .ps384: await collection.add(pss: key, digestAlgorithm: .sha384, kid: identifier)
                default: await collection.add(rsa: key, digestAlgorithm: .sha384, kid: identifier)
                }
            case .es256, .es384, .es512:
                let crv = jwk["crv"]?.string ?? "nothing"
                guard crv == algorithm.curve else {
                    throw AuthenticationError(
                        "\(algorithm.rawValue) needs a \(algorithm.curve ?? "") key; key \(kid) is on \(crv)")
                }
                guard let x = jwk["x"]?.string, let y = jwk["y"]?.string else {
                    throw AuthenticationError("EC key \(kid) lacks x or y")
                }
                switch algorithm {
                case .es256: await collection.add(ecdsa: try ES256PublicKey(parameters: (x, y)), kid: identifier)
                case .es512: await collection.add(ecdsa: try ES512PublicKey(parameters: (x, y)), kid: identifier)
                default: await collection.add(ecdsa: try ES384PublicKey(parameters: (x, y)), kid: identifier)
                }
            }
            return try await collection.getKey(for: identifier)
        } catch let error as AuthenticationError {
            throw error
        } catch {
            throw AuthenticationError("key \(kid) is not a valid \(kty) public key")
        }
    }
}
