import Crypto
import FHIR
import Foundation

/// RFC 7638 JWK thumbprints, used as the `kid` of the server's own keys.
///
/// A thumbprint names a key by its public content, so a kid can never be reused for a different
/// key (after a restore from backup, say) and anyone can check that a published kid fits its key.
enum JWKThumbprint {
    /// The SHA-256 thumbprint, base64url, of a P-384 public key given by its coordinates.
    static func ecP384(x: String, y: String) -> String {
        sha256(requiredMembers: ["crv": "P-384", "kty": "EC", "x": x, "y": y])
    }

    /// RFC 7638 §3: the key's required members only, names in lexicographic order, no whitespace,
    /// hashed with SHA-256 and encoded as unpadded base64url.
    static func sha256(requiredMembers: [String: String]) -> String {
        let sorted = requiredMembers.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let canonical = JSON.object(JSONObject(sorted.map { ($0.key, JSON.string($0.value)) }))
        let digest = SHA256.hash(data: canonical.serialized())
        return Base64URL.encode(Data(digest))
    }
}

/// Unpadded base64url (RFC 7515 §2).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
