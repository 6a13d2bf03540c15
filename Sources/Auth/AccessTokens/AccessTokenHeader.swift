import FHIR

/// The JOSE header of one of our access tokens, checked before any key is looked up.
///
/// Only ES384 is accepted, by exact name: the classic forgeries — `alg` `none`, or HS256 keyed
/// with our *public* key — are refused here, whatever the key store holds.
struct AccessTokenHeader: Sendable {
    let kid: String

    init(_ header: JSON) throws(AuthenticationError) {
        guard let alg = header["alg"]?.string, !alg.isEmpty else {
            throw AuthenticationError("the access token's header has no alg")
        }
        if alg.lowercased() == "none" { throw AuthenticationError("alg none is never accepted") }
        if alg.uppercased().hasPrefix("HS") {
            throw AuthenticationError("\(alg) is a shared-secret algorithm and is never accepted")
        }
        guard alg == RingKey.algorithm else {
            throw AuthenticationError("access tokens are signed with \(RingKey.algorithm), not \(alg)")
        }
        // RFC 9068 §4: at+jwt or its full media type, compared case-insensitively (RFC 7515 §4.1.9).
        let typ = header["typ"]?.string?.lowercased()
        guard typ == AccessTokenIssuer.tokenType || typ == "application/\(AccessTokenIssuer.tokenType)" else {
            throw AuthenticationError("the token's typ must be at+jwt; this is not one of this server's access tokens")
        }
        // RFC 7515 §4.1.11: extensions we do not understand make the JWS invalid.
        if header["crit"] != nil {
            throw AuthenticationError("the access token's header has crit extensions, which this server does not support")
        }
        guard let kid = header["kid"]?.string, !kid.isEmpty, kid.count <= 256 else {
            throw AuthenticationError("the access token's header has no usable kid")
        }
        self.kid = kid
    }
}
