import Synchronization

/// Access tokens whose signature has been checked, with their claims.
///
/// A client sends the same bearer token with every request for its lifetime (minutes), and
/// checking an ECDSA signature costs more than the rest of authenticating a request. A token
/// found here skips only that check: its key must still be publishable and its claims are
/// checked against the clock again on every use (see ``AccessTokenVerifier``).
final class VerifiedTokenMemo: Sendable {
    struct Entry: Sendable {
        var claims: AccessTokenClaims
        /// The key that signed the token.
        var kid: String
    }

    private let tokens = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func entry(for token: String) -> Entry? {
        tokens.withLock { $0[token] }
    }

    func keep(_ entry: Entry, for token: String) {
        tokens.withLock { tokens in
            // Tokens live minutes: when full, start over rather than track use.
            if tokens.count >= capacity { tokens.removeAll() }
            tokens[token] = entry
        }
    }
}
