import FHIR
import Foundation

/// Checks a JWKS before it is registered as a client's public keys.
public enum JWKSDocument {
    /// Members that only private keys have (RFC 7518 §6.2.2, §6.3.2, and `k` of symmetric keys).
    static let privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// The document, if it is a JWKS of public RSA or EC keys each with a distinct `kid`.
    /// A private key in the set is refused: registering one would put a secret in the store.
    public static func publicKeySet(from data: Data) throws(JWKSError) -> JSON {
        let document: JSON
        do {
            document = try JSON.parse(data: data)
        } catch {
            throw JWKSError("not JSON: \(error.description)")
        }
        guard let keys = document["keys"]?.array, !keys.isEmpty else {
            throw JWKSError("a JWKS needs a non-empty \"keys\" array")
        }
        var kids = Set<String>()
        for (index, key) in keys.enumerated() {
            let kty = key["kty"]?.string
            guard kty == "RSA" || kty == "EC" else {
                throw JWKSError("keys[\(index)].kty must be RSA or EC (got \(kty ?? "nothing"))")
            }
            guard let kid = key["kid"]?.string, !kid.isEmpty else {
                throw JWKSError("keys[\(index)] has no kid; JWTs name their key by kid")
            }
            guard kids.insert(kid).inserted else { throw JWKSError("kid \(kid) appears twice") }
            if let member = privateMembers.first(where: { key[$0] != nil }) {
                throw JWKSError("keys[\(index)] (\(kid)) holds the private member \"\(member)\": register public keys only")
            }
        }
        return document
    }
}

public struct JWKSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
