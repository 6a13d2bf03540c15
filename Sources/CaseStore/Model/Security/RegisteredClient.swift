import Foundation

/// An organization's system allowed to call Greenlight: an EHR calling CDS Hooks, a provider
/// organization calling PAS and DTR, another payer calling payer-to-payer, or a reviewer account.
///
/// The client id is also the `iss` and `sub` of every JWT the client signs. Its public keys come
/// either inline (``jwks``) or from ``jwksURL`` — the only `jku` its JWTs may name.
public struct RegisteredClient: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var kind: Kind
    /// Who the client speaks for (an NPI, a payer id, …); handlers scope data by these.
    public var organizationIdentifiers: [OrganizationIdentifier]
    /// The client's public keys as a JWKS document (JSON text), when registered inline.
    public var jwks: String?
    /// Where the client publishes its JWKS, when not inline. Must be `https`, or `http` on loopback.
    public var jwksURL: String?
    /// SMART scopes the client may be granted (`system/Claim.c`, `system/*.rs`, v1 `system/Claim.read`).
    public var allowedScopes: [String]
    /// Application roles beyond scopes (`reviewer`, `cds-client`, …).
    public var roles: [String]
    public var status: Status
    public var createdAt: Date

    public init(
        id: String,
        name: String,
        kind: Kind,
        organizationIdentifiers: [OrganizationIdentifier] = [],
        jwks: String? = nil,
        jwksURL: String? = nil,
        allowedScopes: [String] = [],
        roles: [String] = [],
        status: Status = .active,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.organizationIdentifiers = organizationIdentifiers
        self.jwks = jwks
        self.jwksURL = jwksURL
        self.allowedScopes = allowedScopes
        self.roles = roles
        self.status = status
        self.createdAt = createdAt
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An EHR (or its vendor) calling the CRD CDS Hooks service.
        case ehr
        /// A provider organization submitting PAS requests and filling DTR questionnaires.
        case provider
        /// Another payer exchanging member data (payer-to-payer).
        case payer
        /// A utilization reviewer's account.
        case reviewer
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        /// Kept for the audit trail but refused at authentication.
        case disabled
    }
}

/// A business identifier of the organization a client acts for.
public struct OrganizationIdentifier: Sendable, Hashable, Codable {
    /// `http://hl7.org/fhir/sid/us-npi` for NPIs, the payer-id system for payers.
    public var system: String
    public var value: String

    public init(system: String, value: String) {
        self.system = system
        self.value = value
    }
}
