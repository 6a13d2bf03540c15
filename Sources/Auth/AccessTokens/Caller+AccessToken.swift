import CaseStore

extension Caller {
    /// The caller an access token stands for, given its client's registration as it is now.
    ///
    /// Scopes are the token's (the grant). Roles and organizations are the token's *still held*
    /// by the client, so taking a role or an organization away takes effect before tokens expire;
    /// a client re-registered as another kind gets none of its old tokens honoured.
    /// This is the only place access tokens meet ``SMARTScope``.
    init(claims: AccessTokenClaims, client: RegisteredClient) throws(AuthenticationError) {
        guard client.kind == claims.kind else {
            throw AuthenticationError("client \(client.id) is now registered as \(client.kind.rawValue); request a new token")
        }
        // A token we signed holds only scopes we granted, which all parse; anything else is
        // dropped rather than guessed at.
        let scopes = SMARTScope.parseList(claims.scope).scopes
        self.init(
            clientID: claims.clientID,
            kind: claims.kind,
            organizationIdentifiers: claims.organizationIdentifiers.filter(client.organizationIdentifiers.contains),
            scopes: scopes,
            roles: claims.roles.filter(client.roles.contains),
            tokenID: claims.tokenID,
            expiresAt: claims.expiresAt)
    }
}
