/// Decides which of the scopes a client asks for it gets, given the scopes it is registered for.
///
/// SMART lets the server grant fewer scopes than requested, and clients commonly ask broadly
/// (`system/*.read`); so a request is narrowed to what is allowed rather than refused, and only
/// refused when nothing at all can be granted or when the request is malformed.
public enum ScopeGrant {
    /// The scopes granted, and the text to return as the token response's `scope`.
    public struct Granted: Sendable, Hashable {
        public var scopes: [SMARTScope]
        /// Space-separated, in request order: scopes covered whole keep their requested text (v1
        /// stays v1); narrowed ones are canonical v2; non-scope tokens (`launch`, `openid`) as sent.
        public var text: String

        public init(scopes: [SMARTScope], text: String) {
            self.scopes = scopes
            self.text = text
        }
    }

    /// For each requested scope: granted as sent when an allowed scope covers it; otherwise each
    /// non-empty intersection with an allowed scope is granted (canonical v2 text) — so
    /// `system/*.read` against allowed `system/ClaimResponse.rs` grants `system/ClaimResponse.rs`.
    /// Tokens without a `/` are granted only when allowed verbatim, otherwise silently dropped.
    public static func grant(requested: String, allowed: [String]) -> Result<Granted, ScopeGrantError> {
        let tokens = requested.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard !tokens.isEmpty else { return .failure(ScopeGrantError("scope is empty; name at least one scope")) }

        let allowedScopes = allowed.compactMap(SMARTScope.init)
        let allowedWords = Set(allowed.filter { !$0.contains("/") })

        var scopes: [SMARTScope] = []
        var texts: [String] = []
        func add(_ scope: SMARTScope, text: String) {
            guard !scopes.contains(scope) else { return }
            scopes.append(scope)
            texts.append(text)
        }

        for token in tokens {
            guard token.contains("/") else {
                if allowedWords.contains(token), !texts.contains(token) { texts.append(token) }
                continue
            }
            guard let scope = SMARTScope(token) else {
                if token.contains("?") {
                    return .failure(ScopeGrantError("scope \(token) has a query; granular scopes are not supported"))
                }
                return .failure(ScopeGrantError("scope \(token) is not a SMART scope (expected e.g. system/Claim.c)"))
            }
            if allowedScopes.contains(where: { $0.covers(scope) }) {
                add(scope, text: token)
            } else {
                for allowedScope in allowedScopes {
                    if let narrowed = scope.intersection(allowedScope) { add(narrowed, text: narrowed.description) }
                }
            }
        }
        guard !texts.isEmpty else {
            return .failure(ScopeGrantError("none of the requested scopes can be granted to this client: \(tokens.joined(separator: " "))"))
        }
        return .success(Granted(scopes: scopes, text: texts.joined(separator: " ")))
    }
}
