import CaseStore
import Foundation

/// Who is calling, once a token has been verified: the registered client, the organization it
/// speaks for, and what it was granted. Handlers read this from the request context to decide
/// what the caller may see (a provider organization sees only its own requests).
public struct Caller: Sendable, Hashable {
    public var clientID: String
    public var kind: RegisteredClient.Kind
    public var organizationIdentifiers: [OrganizationIdentifier]
    /// Scopes granted to this token (empty for CDS Hooks JWTs, which carry none).
    public var scopes: [SMARTScope]
    public var roles: [String]
    /// The `jti` of the token that authenticated the call.
    public var tokenID: String?
    public var expiresAt: Date?
    /// For a CDS Hooks call authenticated with ``JTIRecording/withAnswer``: the `jti` the route
    /// must write with its answer.
    public var unrecordedTokenID: TokenIDClaim?

    public init(
        clientID: String,
        kind: RegisteredClient.Kind,
        organizationIdentifiers: [OrganizationIdentifier] = [],
        scopes: [SMARTScope] = [],
        roles: [String] = [],
        tokenID: String? = nil,
        expiresAt: Date? = nil
    ) {
        self.clientID = clientID
        self.kind = kind
        self.organizationIdentifiers = organizationIdentifiers
        self.scopes = scopes
        self.roles = roles
        self.tokenID = tokenID
        self.expiresAt = expiresAt
    }

    /// Whether the caller's scopes satisfy `requirement`.
    public func isAllowed(_ requirement: ScopeRequirement) -> Bool {
        requirement.isSatisfied(by: scopes)
    }
}

extension Caller {
    /// The caller as a reader of CRD coverage assertions (its client and organizations).
    public var assertionReader: AssertionReader {
        AssertionReader(clientID: clientID, organizationIdentifiers: organizationIdentifiers)
    }
}
