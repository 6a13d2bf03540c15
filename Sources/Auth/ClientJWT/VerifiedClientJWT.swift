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
    /// The `jti` still to be written with the call's answer (``JTIRecording/withAnswer``);
    /// `nil` when it is already recorded.
    public var unrecordedTokenID: TokenIDClaim?

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
        unrecordedTokenID = verified.unrecordedTokenID
    }
}

/// When a verified JWT's `jti` is written to the store.
public enum JTIRecording: Sendable, Hashable {
    /// Before the verification returns: nothing more for the caller to do.
    case now
    /// By the caller, in the transaction that records its answer (CDS Hooks calls, which log
    /// every call anyway); until then only this process's memory knows the id.
    case withAnswer
}
