import CaseStore
import FHIR
import Foundation

extension AccessTokenClaims {
    /// Reads the claims of a payload whose signature has been verified, strictly: a token this
    /// server signed always has every claim, so a missing or odd one means something is wrong.
    init(payload: JSON) throws(AuthenticationError) {
        func string(_ name: String) throws(AuthenticationError) -> String {
            guard let text = payload[name]?.string, !text.isEmpty else {
                throw AuthenticationError("the access token's \(name) claim is missing or not a string")
            }
            return text
        }
        func date(_ name: String) throws(AuthenticationError) -> Date {
            guard let value = payload[name], value.number != nil, let seconds = value.double, seconds.isFinite else {
                throw AuthenticationError("the access token's \(name) claim is missing or not a NumericDate")
            }
            return Date(timeIntervalSince1970: seconds)
        }
        func strings(_ name: String) throws(AuthenticationError) -> [String] {
            guard let list = payload[name]?.array else {
                throw AuthenticationError("the access token's \(name) claim is missing or not an array")
            }
            var texts: [String] = []
            for item in list {
                guard let text = item.string else {
                    throw AuthenticationError("the access token's \(name) claim must hold strings")
                }
                texts.append(text)
            }
            return texts
        }

        // RFC 9068 §2.2 allows aud as an array; ours is one string, but accept the array form.
        let audience: String
        if let text = payload["aud"]?.string {
            audience = text
        } else if let list = payload["aud"]?.array, list.count == 1, let text = list[0].string {
            audience = text
        } else {
            throw AuthenticationError("the access token's aud claim must be a single audience")
        }
        guard let kind = RegisteredClient.Kind(rawValue: try string("greenlight_kind")) else {
            throw AuthenticationError("the access token's greenlight_kind claim is not a known client kind")
        }
        guard let organizations = payload["greenlight_org"]?.array else {
            throw AuthenticationError("the access token's greenlight_org claim is missing or not an array")
        }
        var identifiers: [OrganizationIdentifier] = []
        for item in organizations {
            guard let system = item["system"]?.string, let value = item["value"]?.string else {
                throw AuthenticationError("the access token's greenlight_org entries need a system and a value")
            }
            identifiers.append(OrganizationIdentifier(system: system, value: value))
        }
        // `scope` may be empty in principle, so it is not read with `string(_:)`.
        guard let scope = payload["scope"]?.string else {
            throw AuthenticationError("the access token's scope claim is missing or not a string")
        }
        self.init(
            issuer: try string("iss"), subject: try string("sub"), audience: audience,
            clientID: try string("client_id"), scope: scope, organizationIdentifiers: identifiers, kind: kind,
            roles: try strings("greenlight_roles"), issuedAt: try date("iat"), expiresAt: try date("exp"),
            tokenID: try string("jti"))
    }
}
