/// Reads the token out of an `Authorization: Bearer <token>` header (RFC 6750 §2.1): one reading
/// for access tokens and CDS Hooks JWTs alike.
enum BearerAuthorization {
    static func token(from header: String?) throws(AuthenticationError) -> String {
        guard let header, !header.allSatisfy(\.isWhitespace) else { throw AuthenticationError("no bearer token") }
        let trimmed = header.drop(while: \.isWhitespace)
        let scheme = trimmed.prefix(while: { !$0.isWhitespace })
        // RFC 9110 §11.1: the scheme is case-insensitive.
        guard scheme.lowercased() == "bearer" else {
            throw AuthenticationError("the Authorization header must use the Bearer scheme, not \(scheme.prefix(20))")
        }
        var token = trimmed.dropFirst(scheme.count)
        while token.first?.isWhitespace == true { token = token.dropFirst() }
        while token.last?.isWhitespace == true { token = token.dropLast() }
        guard !token.isEmpty else { throw AuthenticationError("no bearer token") }
        guard !token.contains(where: \.isWhitespace) else {
            throw AuthenticationError("the bearer token must be a single word")
        }
        return String(token)
    }
}
