/// An access token whose signature has been checked, kept with its claims in a
/// ``BoundedMemo`` by the token's text.
///
/// A client sends the same bearer token with every request for its lifetime (minutes), and
/// checking an ECDSA signature costs more than the rest of authenticating a request. A token
/// found in the memo skips only that check: its key must still be publishable and its claims are
/// checked against the clock again on every use (see ``AccessTokenVerifier``).
struct VerifiedToken: Sendable {
    var claims: AccessTokenClaims
    /// The key that signed the token.
    var kid: String
}
