import CaseStore
import FHIR
import Foundation
import JWTKit

/// One of the ring's keys, read from the store and ready to sign (current key) or verify.
///
/// The private key never leaves this value: only ``publicJWK`` is ever published.
struct RingKey: Sendable {
    static let algorithm = "ES384"

    let kid: String
    let createdAt: Date
    /// Mutable because a reload may find the key retired since it was read.
    var retiredAt: Date?
    /// Signs with the private key under ``kid``.
    let signer: JWTKeyCollection
    /// Checks ES384 signatures with the public key only.
    let verifier: any JWTAlgorithm
    /// `{kty, crv, x, y, kid, alg, use}` — public members only.
    let publicJWK: JSON

    var isCurrent: Bool { retiredAt == nil }

    /// Reads a stored key; `nil` when it is not an ES384 key this ring can use.
    static func load(_ stored: StoredSigningKey) async -> RingKey? {
        guard stored.algorithm == algorithm, let privateKey = try? ES384PrivateKey(pem: stored.privateKeyPEM),
            let parameters = privateKey.parameters
        else { return nil }
        let (x, y) = (parameters.x, parameters.y)
        let identifier = JWKIdentifier(string: stored.kid)
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: privateKey, kid: identifier)
        let publicOnly = JWTKeyCollection()
        await publicOnly.add(ecdsa: privateKey.publicKey, kid: identifier)
        guard let verifier = try? await publicOnly.getKey(for: identifier) else { return nil }
        let jwk: JSON = [
            "kty": "EC", "crv": "P-384", "x": .string(x), "y": .string(y),
            "kid": .string(stored.kid), "alg": .string(algorithm), "use": "sig",
        ]
        return RingKey(
            kid: stored.kid, createdAt: stored.createdAt, retiredAt: stored.retiredAt,
            signer: signer, verifier: verifier, publicJWK: jwk)
    }

    /// A fresh P-384 key created at `date`, its kid the RFC 7638 thumbprint of its public half.
    static func generate(at date: Date) throws(SigningKeyRingError) -> StoredSigningKey {
        let privateKey = ES384PrivateKey()
        guard let parameters = privateKey.parameters else {
            throw SigningKeyRingError("a new P-384 key has no public coordinates")
        }
        return StoredSigningKey(
            kid: JWKThumbprint.ecP384(x: parameters.x, y: parameters.y), algorithm: algorithm,
            privateKeyPEM: privateKey.pemRepresentation, createdAt: date)
    }
}
