import FHIR

/// A client's JWKS, indexed by `kid`.
///
/// Keys are kept as JSON and only turned into verifiers when a JWT names them, so one odd key in
/// a published set (an encryption key, an unsupported curve) does not break the others.
struct ClientKeySet: Sendable {
    private let keys: [String: JSON]
    /// Kids that appear more than once: which one was meant is ambiguous, so neither is used.
    private let ambiguous: Set<String>

    init(jwksText: String, clientID: String) throws(AuthenticationError) {
        guard let document = try? JSON.parse(jwksText) else {
            throw AuthenticationError("the JWKS of client \(clientID) is not JSON")
        }
        guard let list = document["keys"]?.array else {
            throw AuthenticationError("the JWKS of client \(clientID) has no \"keys\" array")
        }
        var keys: [String: JSON] = [:]
        var ambiguous = Set<String>()
        for key in list {
            guard let kid = key["kid"]?.string else { continue }
            if keys.updateValue(key, forKey: kid) != nil { ambiguous.insert(kid) }
        }
        self.keys = keys
        self.ambiguous = ambiguous
    }

    /// The key named `kid`; nil when absent.
    func key(_ kid: String, clientID: String) throws(AuthenticationError) -> ClientPublicKey? {
        guard !ambiguous.contains(kid) else {
            throw AuthenticationError("kid \(kid) appears more than once in the JWKS of client \(clientID)")
        }
        return keys[kid].map { ClientPublicKey(kid: kid, jwk: $0) }
    }
}
