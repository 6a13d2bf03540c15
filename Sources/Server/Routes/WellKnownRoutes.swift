import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import Auth

/// Discovery for OAuth clients: `/.well-known/smart-configuration` (SMART App Launch 2 §
/// "Conformance") and the server's public keys at `/.well-known/jwks.json`.
struct WellKnownRoutes {
    let configuration: GreenlightConfiguration
    let keyRing: SigningKeyRing
    let capabilities: CapabilityRegistry

    func register(on routes: RouteBuilder) {
        routes.get("/.well-known/smart-configuration", access: .public) { _, _ in
            Self.json(smartConfiguration())
        }
        routes.get("/.well-known/jwks.json", access: .public) { _, _ in
            Self.json(try await keyRing.publicJWKS(), contentType: "application/jwk-set+json")
        }
    }

    func smartConfiguration() -> JSON {
        let base = configuration.effectiveBaseURL
        return [
            "issuer": .string(base),
            "jwks_uri": .string("\(base)/.well-known/jwks.json"),
            "token_endpoint": .string(configuration.tokenURL),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS384", "ES384"],
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": .array(capabilities.scopes.map { .string($0) }),
            "capabilities": ["client-confidential-asymmetric", "permission-v1", "permission-v2"],
        ]
    }

    static func json(_ json: JSON, contentType: String = "application/json") -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: json.serialized())))
    }
}
