/// The signature algorithms a client may sign its JWTs with.
///
/// SMART Backend Services requires RS384 and ES384 and allows the other asymmetric ones here.
/// `none` and every HMAC (`HS…`) algorithm are refused by name before any key is looked up: with
/// a shared secret the "secret" would be the client's *public* key, which anyone can read.
public enum ClientJWTAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case ps384 = "PS384"
    case es256 = "ES256"
    case es384 = "ES384"
    case es512 = "ES512"

    /// The algorithm a JWT header names, or why it is refused.
    static func named(_ alg: String?) throws(AuthenticationError) -> ClientJWTAlgorithm {
        guard let alg, !alg.isEmpty else { throw AuthenticationError("the JWT header has no alg") }
        if alg.lowercased() == "none" { throw AuthenticationError("alg none is never accepted") }
        if alg.uppercased().hasPrefix("HS") {
            throw AuthenticationError("\(alg) is a shared-secret algorithm and is never accepted")
        }
        guard let algorithm = ClientJWTAlgorithm(rawValue: alg) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            throw AuthenticationError("alg \(alg) is not supported; use one of \(names)")
        }
        return algorithm
    }

    /// The JWK `kty` of keys that can verify this algorithm.
    var keyType: String {
        switch self {
        case .rs256, .rs384, .rs512, .ps384: "RSA"
        case .es256, .es384, .es512: "EC"
        }
    }

    /// The JWK `crv` an EC key must have for this algorithm (RFC 7518 §3.4 ties each to one curve).
    var curve: String? {
        switch self {
        case .es256: "P-256"
        case .es384: "P-384"
        case .es512: "P-521"
        default: nil
        }
    }
}
