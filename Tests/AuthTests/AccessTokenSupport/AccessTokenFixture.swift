import CaseStore
import Foundation
@testable import Auth

/// A key ring, issuer and verifier wired to in-memory stores and a clock the test moves.
struct AccessTokenFixture {
    static let baseURL = "https://greenlight.example/fhir"
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let npi = OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: "1234567893")

    static let clinic = RegisteredClient(
        id: "demo-clinic", name: "Demo Clinic", kind: .provider, organizationIdentifiers: [npi],
        allowedScopes: ["system/Claim.cru", "system/Patient.rs"], roles: ["submitter"], createdAt: start)

    let clock: ManualTimeSource
    let store: InMemorySigningKeyStore
    let ring: SigningKeyRing
    let clients: InMemoryClientDirectory
    let issuer: AccessTokenIssuer
    let verifier: AccessTokenVerifier

    init(tokenLifetime: TimeInterval = 300, rotationInterval: TimeInterval = 24 * 3600) async throws {
        clock = ManualTimeSource(Self.start)
        store = InMemorySigningKeyStore()
        ring = SigningKeyRing(
            store: store, timeSource: clock, rotationInterval: rotationInterval, tokenLifetime: tokenLifetime)
        clients = InMemoryClientDirectory([Self.clinic])
        issuer = AccessTokenIssuer(keyRing: ring, issuer: Self.baseURL, timeSource: clock, lifetime: tokenLifetime)
        verifier = AccessTokenVerifier(keyRing: ring, issuer: Self.baseURL, registry: clients, timeSource: clock)
        try await ring.prepare()
    }

    /// A token for the demo clinic.
    func issue(scope: String = "system/Claim.cru system/Patient.rs") async throws -> IssuedAccessToken {
        try await issuer.issue(for: Self.clinic, scope: scope)
    }

    func verify(_ token: String) async throws(AuthenticationError) -> Caller {
        try await verifier.verify(authorization: "Bearer \(token)")
    }

    /// Why `token` is refused, or nil when it is accepted.
    func refusalOf(_ token: String) async -> String? {
        await refusalOf(header: "Bearer \(token)")
    }

    func refusalOf(header: String?) async -> String? {
        do {
            _ = try await verifier.verify(authorization: header)
            return nil
        } catch {
            return error.reason
        }
    }

    /// The claims a genuine token for the demo clinic would have, to build hand-made tokens from.
    func claims(
        issuer: String = Self.baseURL, audience: String = Self.baseURL, issuedAt: Date? = nil, lifetime: Int = 300
    ) -> AccessTokenClaims {
        let iat = Date(timeIntervalSince1970: (issuedAt ?? clock.now()).timeIntervalSince1970.rounded(.down))
        return AccessTokenClaims(
            issuer: issuer, subject: Self.clinic.id, audience: audience, clientID: Self.clinic.id,
            scope: "system/*.cruds", organizationIdentifiers: Self.clinic.organizationIdentifiers, kind: .provider,
            roles: ["submitter"], issuedAt: iat, expiresAt: iat.addingTimeInterval(TimeInterval(lifetime)),
            tokenID: UUID().uuidString)
    }
}
