/// Reads the token out of an `Authorization: Bearer <token>` header (RFC 6750 §2.1): one reading
/// for access tokens and CDS Hooks JWTs alike.
enum BearerAuthorization {
    static func token(from header: String?) throws(AuthenticationError) -> String {
        // Bytes, not Characters: this runs on every request, and header whitespace is ASCII.
        guard let header else { throw AuthenticationError("no bearer token") }
        let bytes = header.utf8
        let trimmed = bytes.drop(while: isWhitespace)
        guard !trimmed.isEmpty else { throw AuthenticationError("no bearer token") }
        let scheme = trimmed.prefix(while: { !isWhitespace($0) })
        // RFC 9110 §11.1: the scheme is case-insensitive.
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else {
            throw AuthenticationError(
                "the Authorization header must use the Bearer scheme, not \(String(decoding: scheme.prefix(20), as: UTF8.self))")
        }
        var token = trimmed.dropFirst(scheme.count).drop(while: isWhitespace)
        while let last = token.last, isWhitespace(last) { token = token.dropLast() }
        guard !token.isEmpty else { throw AuthenticationError("no bearer token") }
        guard !token.contains(where: isWhitespace) else {
            throw AuthenticationError("the bearer token must be a single word")
        }
        return String(decoding: token, as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
