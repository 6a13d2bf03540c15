import FHIR

/// The JOSE header of a client JWT, checked: an accepted algorithm, a `kid`, `typ` if any `JWT`.
struct ClientJWTHeader: Sendable {
    let algorithm: ClientJWTAlgorithm
    let kid: String
    /// The JWKS URL the client points at, which must be its registered one.
    let jku: String?

    /// `typRequired` is true for CDS Hooks, whose spec requires `typ`; RFC 7523 leaves it optional.
    init(_ header: JSON, typRequired: Bool) throws(AuthenticationError) {
        if let alg = header["alg"], alg.string == nil {
            throw AuthenticationError("the JWT header's alg must be a string")
        }
        algorithm = try ClientJWTAlgorithm.named(header["alg"]?.string)
        guard let kid = header["kid"]?.string, !kid.isEmpty else {
            throw AuthenticationError("the JWT header has no kid; name the signing key of your JWKS")
        }
        guard kid.count <= 256 else { throw AuthenticationError("the JWT header's kid is longer than 256 characters") }
        self.kid = kid
        switch header["typ"] {
        case nil:
            if typRequired { throw AuthenticationError("the JWT header has no typ; it must be JWT") }
        case .some(let typ):
            // RFC 7515 §4.1.9: compared case-insensitively.
            guard let text = typ.string, text.uppercased() == "JWT" else {
                throw AuthenticationError("the JWT header's typ must be JWT, got \(typ.serializedString())")
            }
        }
        if let jku = header["jku"] {
            guard let text = jku.string else { throw AuthenticationError("the JWT header's jku must be a string") }
            self.jku = text
        } else {
            self.jku = nil
        }
        // RFC 7515 §4.1.11: extensions we do not understand must make the JWS invalid.
        if header["crit"] != nil {
            throw AuthenticationError("the JWT header has crit extensions, which this server does not support")
        }
    }
}
