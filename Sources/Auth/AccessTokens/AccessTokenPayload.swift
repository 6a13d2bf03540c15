import CaseStore
import Foundation
import JWTKit

/// The JSON form of ``AccessTokenClaims`` as signed (RFC 9068 claim names, NumericDate integers).
///
/// Only used to sign: verification reads the payload itself (``AccessTokenClaims/init(payload:)``)
/// so that every check is ours and names the claim that failed.
struct AccessTokenPayload: JWTPayload {
    var iss: String
    var sub: String
    var aud: String
    var clientID: String
    var scope: String
    var iat: Int
    var exp: Int
    var jti: String
    var organizations: [OrganizationIdentifier]
    var kind: String
    var roles: [String]

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, scope, iat, exp, jti
        case clientID = "client_id"
        case organizations = "greenlight_org"
        case kind = "greenlight_kind"
        case roles = "greenlight_roles"
    }

    init(_ claims: AccessTokenClaims) {
        iss = claims.issuer
        sub = claims.subject
        aud = claims.audience
        clientID = claims.clientID
        scope = claims.scope
        iat = Int(claims.issuedAt.timeIntervalSince1970)
        exp = Int(claims.expiresAt.timeIntervalSince1970)
        jti = claims.tokenID
        organizations = claims.organizationIdentifiers
        kind = claims.kind.rawValue
        roles = claims.roles
    }

    /// Unused: ``AccessTokenVerifier`` checks the claims against its own clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
