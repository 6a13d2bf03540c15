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
