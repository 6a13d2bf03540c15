import Auth

/// What a route asks of its caller. Every route states one, so an unprotected route is a
/// visible decision in the code rather than an omission.
public enum RouteAccess: Sendable, Hashable, CustomStringConvertible {
    /// Anyone: discovery documents (`/metadata`, `.well-known`), the token endpoint, health.
    case `public`
    /// Any caller with a valid access token, whatever its scopes.
    case authenticated
    /// A valid access token granting this scope (`system/Claim.c`, …).
    case scope(ScopeRequirement)
    /// CDS Hooks 2.0: a JWT signed by a registered EHR client, `aud` the exact URL called,
    /// `jti` never seen before (no access token: the EHR signs every call itself).
    case cdsHooks
    /// The same, for a hook call, which is logged whatever its answer: the `jti` is written in
    /// the transaction that logs the call (``JTIRecording/withAnswer``), so the call costs one
    /// commit, and the route must pass ``Caller/unrecordedTokenID`` to that write.
    case cdsHooksCall

    public var description: String {
        switch self {
        case .public: "public"
        case .authenticated: "any valid access token"
        case .scope(let requirement): requirement.description
        case .cdsHooks, .cdsHooksCall: "a CDS Hooks JWT from a registered EHR"
        }
    }
}
