import CaseStore
import Foundation

/// A client JWT that passed every check: who signed it, and the claims callers still need.
public struct VerifiedClientJWT: Sendable, Hashable {
    /// The registered (and active) client that signed the JWT; `iss` is its id.
    public var client: RegisteredClient
    public var jti: String
    public var expiresAt: Date
    public var issuedAt: Date?
    /// CDS Hooks' optional `tenant` claim: which of the EHR's tenants is calling.
    public var tenant: String?

    public init(client: RegisteredClient, jti: String, expiresAt: Date, issuedAt: Date? = nil, tenant: String? = nil) {
        self.client = client
        self.jti = jti
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.tenant = tenant
    }
}

extension Caller {
    /// The caller a verified CDS Hooks JWT stands for: the registered client, with no scopes
    /// (CDS Hooks JWTs carry none; the route decides what an EHR client may do).
    public init(cdsHooksJWT verified: VerifiedClientJWT) {
        self.init(
            clientID: verified.client.id, kind: verified.client.kind,
            organizationIdentifiers: verified.client.organizationIdentifiers, scopes: [],
            roles: verified.client.roles, tokenID: verified.jti, expiresAt: verified.expiresAt)
    }
}
