import CaseStore
import JWTKit

/// Signature verifiers already built from keys registered inline with their client, kept in a
/// ``BoundedMemo``. Building one parses the client's JWKS and the key (and, for RSA, sets up its
/// arithmetic) — more work than checking a signature — and an EHR signs every CDS Hooks call
/// with the same key.
///
/// Only inline keys are kept: the verifier is then a pure function of what the memo is keyed
/// by (the client's registered JWKS text and URL, the `kid`, the algorithm, the `jku` sent), so
/// a re-registered key is simply a new entry. Keys fetched from a JWKS URL go through
/// ``ClientKeyResolver`` and its own cache every time.
enum VerifierMemo {
    static func make() -> BoundedMemo<any JWTAlgorithm> {
        BoundedMemo(capacity: 256)
    }

    /// The key under which the verifier for this client, header and algorithm is kept, or `nil`
    /// when the client's keys are not inline.
    static func key(client: RegisteredClient, kid: String, algorithm: String, jku: String?) -> String? {
        guard let jwks = client.jwks else { return nil }
        return [client.id, jwks, client.jwksURL ?? "", kid, algorithm, jku ?? ""].joined(separator: "\u{0}")
    }
}
