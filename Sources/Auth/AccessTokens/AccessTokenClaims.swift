import CaseStore
import Foundation

/// What an access token says: the standard claims of RFC 9068 and Greenlight's own about the
/// client (who it speaks for, its kind and roles), so handlers need no store lookup to scope data.
public struct AccessTokenClaims: Sendable, Hashable {
    /// `iss`: the server's FHIR base URL.
    public var issuer: String
    /// `sub`: the client id (Backend Services tokens act for the client itself).
    public var subject: String
    /// `aud`: the FHIR base URL the token is good for.
    public var audience: String
    /// `client_id`.
    public var clientID: String
    /// The granted scopes, space-separated, as in the token response.
    public var scope: String
    /// `greenlight_org`.
    public var organizationIdentifiers: [OrganizationIdentifier]
    /// `greenlight_kind`.
    public var kind: RegisteredClient.Kind
    /// `greenlight_roles`.
    public var roles: [String]
    /// `iat`, whole seconds.
    public var issuedAt: Date
    /// `exp`, whole seconds.
    public var expiresAt: Date
    /// `jti`.
    public var tokenID: String

    public init(
        issuer: String, subject: String, audience: String, clientID: String, scope: String,
        organizationIdentifiers: [OrganizationIdentifier], kind: RegisteredClient.Kind, roles: [String],
        issuedAt: Date, expiresAt: Date, tokenID: String
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.clientID = clientID
        self.scope = scope
        self.organizationIdentifiers = organizationIdentifiers
        self.kind = kind
        self.roles = roles
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.tokenID = tokenID
    }
}
