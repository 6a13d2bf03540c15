import Foundation
import GRDB
import Testing

@testable import CaseStore

/// The client registry, the JWT replay guard and the signing keys, on a real SQLite file.
@Suite struct SecurityStoreTests {
    static func client(_ id: String = "demo-clinic", jwks: String? = #"{"keys":[]}"#, jwksURL: String? = nil)
        -> RegisteredClient
    {
        RegisteredClient(
            id: id, name: "Hartford Orthopedic Group", kind: .provider,
            organizationIdentifiers: [OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: "1700000019")],
            jwks: jwks, jwksURL: jwksURL,
            allowedScopes: ["system/Claim.c", "system/ClaimResponse.rs"], roles: ["submitter"],
            createdAt: Dates.mondayMorning)
    }

    @Test func clientsAreRegisteredListedAndRemoved() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let clinic = Self.client()
        try await t.store.registerClient(clinic)
        #expect(try await t.store.client(id: "demo-clinic") == clinic)

        await #expect(throws: CaseStoreError(.duplicateClient, "")) {
            try await t.store.registerClient(clinic)
        }
        var disabled = clinic
        disabled.status = .disabled
        try await t.store.upsertClient(disabled)
        try await t.store.registerClient(Self.client("another", jwks: nil, jwksURL: "https://ehr.example/jwks.json"))
        #expect(try await t.store.clients().map(\.id) == ["another", "demo-clinic"])
        #expect(try await t.store.client(id: "demo-clinic")?.status == .disabled)

        #expect(try await t.store.removeClient(id: "demo-clinic"))
        #expect(try await !t.store.removeClient(id: "demo-clinic"))
        #expect(try await t.store.client(id: "demo-clinic") == nil)
        #expect(try await t.store.counts()["client"] == 1)
    }

    @Test func aClientNeedsExactlyOneSourceOfKeys() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        await #expect(throws: CaseStoreError(.invalidRecord, "")) {
            try await t.store.registerClient(Self.client(jwks: nil, jwksURL: nil))
        }
        await #expect(throws: CaseStoreError(.invalidRecord, "")) {
            try await t.store.registerClient(Self.client(jwks: "{}", jwksURL: "https://x.example/jwks"))
        }
        #expect(try await t.store.clients().isEmpty)
    }

    @Test func aTokenIDIsAcceptedOncePerIssuerUntilPurged() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let expiry = Dates.mondayMorning.addingTimeInterval(300)
        #expect(try await t.store.claimTokenID("jti-1", issuer: "demo-clinic", expiresAt: expiry))
        #expect(try await !t.store.claimTokenID("jti-1", issuer: "demo-clinic", expiresAt: expiry))
        // Another issuer's jti space is its own.
        #expect(try await t.store.claimTokenID("jti-1", issuer: "demo-ehr", expiresAt: expiry))

        // Survives a restart.
        let reopened = try t.reopen()
        defer { try? reopened.close() }
        #expect(try await !reopened.claimTokenID("jti-1", issuer: "demo-clinic", expiresAt: expiry))

        #expect(try await reopened.purgeTokenIDs(expiredBefore: expiry) == 0)
        #expect(try await reopened.purgeTokenIDs(expiredBefore: expiry.addingTimeInterval(1)) == 2)
    }

    @Test func concurrentClaimsOfOneTokenIDHaveOneWinner() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let other = try t.reopen()  // a second connection pool, as a second process would have
        defer { try? other.close() }
        let expiry = Dates.mondayMorning.addingTimeInterval(300)
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<20 {
                let store = n.isMultiple(of: 2) ? t.store : other
                group.addTask { try await store.claimTokenID("same", issuer: "demo-clinic", expiresAt: expiry) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    @Test func rotationKeepsOneCurrentKeyAndRemovesOldOnes() async throws {
        let t = try TestStore()
        defer { t.removeFiles() }
        let start = Dates.mondayMorning
        try await t.store.rotateSigningKey(to: StoredSigningKey(kid: "k1", algorithm: "ES384", privateKeyPEM: "pem-1", createdAt: start))
        let later = start.addingTimeInterval(Dates.day)
        try await t.store.rotateSigningKey(to: StoredSigningKey(kid: "k2", algorithm: "ES384", privateKeyPEM: "pem-2", createdAt: later))

        let keys = try await t.store.signingKeys()
        #expect(keys.map(\.kid) == ["k2", "k1"])
        #expect(keys[0].retiredAt == nil)
        #expect(keys[1].retiredAt == later)

        #expect(try await t.store.removeSigningKeys(retiredBefore: later) == 0)
        #expect(try await t.store.removeSigningKeys(retiredBefore: later.addingTimeInterval(301)) == 1)
        #expect(try await t.store.signingKeys().map(\.kid) == ["k2"])

        // The database itself refuses a second current key, whoever writes.
        let other = try DatabaseQueue(path: t.path)
        defer { try? other.close() }
        #expect(throws: DatabaseError.self) {
            try other.write { db in
                try db.execute(
                    sql: "INSERT INTO signing_key (kid, algorithm, private_key_pem, created_at) VALUES ('k3', 'ES384', 'p', ?)",
                    arguments: [later])
            }
        }
    }
}
