/// Why a bearer token (an access token or a CDS Hooks JWT) was not accepted.
///
/// The ``reason`` is written for the integrator debugging their client; it never includes key
/// material or the token itself. HTTP glue turns this into 401 with `WWW-Authenticate`, or into
/// 503 when ``isServiceFailure`` says the token could not be checked at all.
public struct AuthenticationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    /// The server failed (its store did not answer), not the caller: worth a retry, and not
    /// counted against the caller's failed attempts.
    public var isServiceFailure: Bool

    public init(_ reason: String, isServiceFailure: Bool = false) {
        self.reason = reason
        self.isServiceFailure = isServiceFailure
    }

    public var description: String { reason }
}
