import CaseStore
import FHIR
import Foundation
import Testing

@testable import Auth

@Suite("Access tokens")
struct AccessTokenTests {
    typealias Fixture = AccessTokenFixture

    // MARK: Round trip

    @Test("an issued token verifies to the client's caller")
    func roundTrip() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue(scope: "system/Claim.cru system/Patient.rs")
        #expect(issued.expiresIn == 300)
        #expect(issued.scope == "system/Claim.cru system/Patient.rs")
        #expect(issued.claims.issuedAt == Fixture.start)
        #expect(issued.claims.expiresAt == Fixture.start.addingTimeInterval(300))

        let caller = try await fixture.verify(issued.token)
        #expect(caller.clientID == "demo-clinic")
        #expect(caller.kind == .provider)
        #expect(caller.organizationIdentifiers == [Fixture.npi])
        #expect(caller.roles == ["submitter"])
        #expect(caller.scopes.map(\.description) == ["system/Claim.cru", "system/Patient.rs"])
        #expect(caller.tokenID == issued.claims.tokenID)
        #expect(caller.expiresAt == issued.claims.expiresAt)
    }

    @Test("the JWT has RFC 9068's header and claims")
    func tokenShape() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        let header = try TokenForge.header(of: issued.token)
        #expect(header["alg"] == "ES384")
        #expect(header["typ"] == "at+jwt")
        #expect(header["kid"]?.string == (try await fixture.ring.currentKeyID()))

        let payload = try TokenForge.payload(of: issued.token)
        #expect(payload["iss"]?.string == Fixture.baseURL)
        #expect(payload["aud"]?.string == Fixture.baseURL)
        #expect(payload["sub"] == "demo-clinic")
        #expect(payload["client_id"] == "demo-clinic")
        #expect(payload["scope"]?.string == issued.scope)
        #expect(payload["iat"]?.int == Int(Fixture.start.timeIntervalSince1970))
        #expect(payload["exp"]?.int == Int(Fixture.start.timeIntervalSince1970) + 300)
        #expect(payload["jti"]?.string == issued.claims.tokenID)
        #expect(UUID(uuidString: issued.claims.tokenID) != nil)
        #expect(payload["greenlight_org"] == [["system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"]])
        #expect(payload["greenlight_kind"] == "provider")
        #expect(payload["greenlight_roles"] == ["submitter"])
        #expect(try AccessTokenClaims(payload: payload) == issued.claims)
    }

    @Test("each token gets its own jti")
    func uniqueTokenIDs() async throws {
        let fixture = try await Fixture()
        let first = try await fixture.issue()
        let second = try await fixture.issue()
        #expect(first.claims.tokenID != second.claims.tokenID)
    }

    @Test("an issuer never signs for longer than the ring keeps retired keys published")
    func lifetimeIsCapped() async throws {
        let fixture = try await Fixture(tokenLifetime: 120)
        let issuer = AccessTokenIssuer(
            keyRing: fixture.ring, issuer: Fixture.baseURL, timeSource: fixture.clock, lifetime: 3600)
        let issued = try await issuer.issue(for: Fixture.clinic, scope: "system/Claim.c")
        #expect(issued.expiresIn == 120)
        #expect(issued.claims.expiresAt == Fixture.start.addingTimeInterval(120))
    }

    // MARK: Rotation

    @Test("a token signed before a rotation verifies until it expires; new tokens carry the new kid")
    func rotationKeepsOldTokensValid() async throws {
        let fixture = try await Fixture()
        let before = try await fixture.issue()
        let oldKid = try TokenForge.header(of: before.token)["kid"]?.string

        fixture.clock.advance(by: 100)
        let newKid = try await fixture.ring.rotate()
        #expect(newKid != oldKid)
        let after = try await fixture.issue()
        #expect(try TokenForge.header(of: after.token)["kid"]?.string == newKid)

        let jwksKids = try await fixture.ring.publicJWKS()["keys"]?.array?.compactMap { $0["kid"]?.string }
        #expect(jwksKids == [newKid, oldKid].compactMap { $0 })
        #expect(await fixture.refusalOf(before.token) == nil)
        #expect(await fixture.refusalOf(after.token) == nil)

        // The old token's life (300 s) and the verifier's skew (30 s) run out.
        fixture.clock.set(Fixture.start.addingTimeInterval(300 + 30))
        #expect(await fixture.refusalOf(before.token)?.contains("expired") == true)
        #expect(await fixture.refusalOf(after.token) == nil)

        // Once the old key is gone, its tokens name a key nobody knows.
        fixture.clock.set(Fixture.start.addingTimeInterval(100 + 300 + 61))
        try await fixture.ring.prepare()
        let remaining = try await fixture.ring.publicJWKS()["keys"]?.array?.compactMap { $0["kid"]?.string }
        #expect(remaining == [newKid])
        let refusal = await fixture.refusalOf(before.token)
        #expect(refusal?.contains("unknown or has expired") == true, "\(refusal ?? "accepted")")
    }

    // MARK: Refusals of the token itself

    @Test("an expired token is refused, with the clock skew allowed for")
    func expired() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        fixture.clock.advance(by: 300 + 29)
        #expect(await fixture.refusalOf(issued.token) == nil)
        fixture.clock.advance(by: 1)
        #expect(await fixture.refusalOf(issued.token)?.contains("expired") == true)
    }

    @Test("a token issued in the future is refused")
    func issuedInTheFuture() async throws {
        let fixture = try await Fixture()
        let token = try await TokenForge.signedByRing(
            fixture.ring, fixture.claims(issuedAt: Fixture.start.addingTimeInterval(120)))
        #expect(await fixture.refusalOf(token)?.contains("iat is in the future") == true)
    }

    @Test("a tampered payload fails the signature check")
    func tamperedPayload() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue(scope: "system/Claim.c")
        let widened = try TokenForge.tampered(issued.token, set: "scope", to: "system/*.cruds")
        #expect(await fixture.refusalOf(widened)?.contains("signature does not verify") == true)
        let otherClient = try TokenForge.tampered(issued.token, set: "client_id", to: "someone-else")
        #expect(await fixture.refusalOf(otherClient)?.contains("signature does not verify") == true)
        // The untouched token is still fine, so the refusals above are the tampering's doing.
        #expect(await fixture.refusalOf(issued.token) == nil)
    }

    @Test("a signature that is not even the right shape is refused")
    func garbledSignature() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        let parts = TokenForge.parts(issued.token)
        let token = "\(parts[0]).\(parts[1]).AAAA"
        #expect(await fixture.refusalOf(token)?.contains("signature does not verify") == true)
    }

    @Test("a token for another audience or from another issuer is refused")
    func wrongAudienceOrIssuer() async throws {
        let fixture = try await Fixture()
        let otherAudience = try await TokenForge.signedByRing(
            fixture.ring, fixture.claims(audience: "https://elsewhere.example/fhir"))
        #expect(await fixture.refusalOf(otherAudience)?.contains("is for https://elsewhere.example/fhir") == true)

        let otherIssuer = try await TokenForge.signedByRing(
            fixture.ring, fixture.claims(issuer: "https://elsewhere.example/fhir"))
        #expect(await fixture.refusalOf(otherIssuer)?.contains("issued by https://elsewhere.example/fhir") == true)

        // A verifier for another base URL refuses our genuine tokens.
        let issued = try await fixture.issue()
        let elsewhere = AccessTokenVerifier(
            keyRing: fixture.ring, issuer: "https://other.example/fhir", registry: fixture.clients,
            timeSource: fixture.clock)
        await #expect(throws: AuthenticationError.self) {
            _ = try await elsewhere.verify(authorization: "Bearer \(issued.token)")
        }
        // Control: a hand-made token with the right claims is accepted, so the forge is honest.
        let honest = try await TokenForge.signedByRing(fixture.ring, fixture.claims())
        #expect(await fixture.refusalOf(honest) == nil)
    }

    @Test("a token signed by a foreign P-384 key under our kid is refused")
    func foreignKeySameKid() async throws {
        let fixture = try await Fixture()
        let kid = try await fixture.ring.currentKeyID()
        let forged = try await TokenForge.signedByForeignKey(fixture.claims(), kid: kid)
        #expect(try TokenForge.header(of: forged)["kid"]?.string == kid)
        #expect(try TokenForge.header(of: forged)["alg"] == "ES384")
        #expect(await fixture.refusalOf(forged)?.contains("signature does not verify") == true)
    }

    @Test("alg none is refused")
    func algNone() async throws {
        let fixture = try await Fixture()
        let kid = try await fixture.ring.currentKeyID()
        let withJunk = try TokenForge.unsigned(kid: kid, claims: fixture.claims(), signature: "AAAA")
        #expect(await fixture.refusalOf(withJunk)?.contains("alg none") == true)
        // The textbook form has an empty signature part; that is refused as malformed.
        let empty = try TokenForge.unsigned(kid: kid, claims: fixture.claims(), signature: "")
        #expect(await fixture.refusalOf(empty) != nil)
    }

    @Test("HS256 keyed with our public JWK is refused")
    func hmacWithPublicKey() async throws {
        let fixture = try await Fixture()
        let kid = try await fixture.ring.currentKeyID()
        let jwk = try #require(try await fixture.ring.publicJWKS()["keys"]?[0])
        let header: JSON = ["alg": "HS256", "kid": .string(kid), "typ": "at+jwt"]
        for secret in [jwk.serializedString(), jwk["x"]?.string ?? ""] {
            let forged = try await TokenForge.hmacSHA256(header: header, claims: fixture.claims(), secret: secret)
            #expect(await fixture.refusalOf(forged)?.contains("HS256 is a shared-secret algorithm") == true)
        }
    }

    @Test("other algorithms and JWT types are refused")
    func otherHeaders() async throws {
        let fixture = try await Fixture()
        let notAnAccessToken = try await TokenForge.signedByRing(fixture.ring, fixture.claims(), typ: "JWT")
        #expect(await fixture.refusalOf(notAnAccessToken)?.contains("typ must be at+jwt") == true)
        let fullMediaType = try await TokenForge.signedByRing(
            fixture.ring, fixture.claims(), typ: "application/at+jwt")
        #expect(await fixture.refusalOf(fullMediaType) == nil)

        let issued = try await fixture.issue()
        let parts = TokenForge.parts(issued.token)
        guard var header = try TokenForge.header(of: issued.token).object else { throw ForgeError("header") }
        header["alg"] = "RS384"
        let relabelled = "\(TokenForge.encode(.object(header))).\(parts[1]).\(parts[2])"
        #expect(await fixture.refusalOf(relabelled)?.contains("not RS384") == true)
    }

    @Test("a token naming an unknown key is refused")
    func unknownKid() async throws {
        let fixture = try await Fixture()
        let forged = try await TokenForge.signedByForeignKey(fixture.claims(), kid: "not-ours")
        #expect(await fixture.refusalOf(forged)?.contains("key not-ours is unknown") == true)
    }

    @Test("malformed tokens are refused", arguments: ["abc", "a.b", "a.b.c.d", "....", "eyJ.eyJ.sig"])
    func malformed(token: String) async throws {
        let fixture = try await Fixture()
        #expect(await fixture.refusalOf(token) != nil)
    }

    // MARK: Refusals of the header

    @Test("a missing or empty Authorization header is refused")
    func missingHeader() async throws {
        let fixture = try await Fixture()
        #expect(await fixture.refusalOf(header: nil) == "no bearer token")
        #expect(await fixture.refusalOf(header: "") == "no bearer token")
        #expect(await fixture.refusalOf(header: "Bearer ")?.contains("no bearer token") == true)
    }

    @Test("other schemes are refused; Bearer is matched in any case")
    func schemes() async throws {
        let fixture = try await Fixture()
        #expect(await fixture.refusalOf(header: "Basic xyz")?.contains("Bearer scheme") == true)
        let issued = try await fixture.issue()
        #expect(await fixture.refusalOf(header: "Basic \(issued.token)")?.contains("Bearer scheme") == true)
        #expect(await fixture.refusalOf(header: "bEaReR \(issued.token)") == nil)
        #expect(await fixture.refusalOf(header: "Bearer  \(issued.token) ") == nil)
        #expect(await fixture.refusalOf(header: "Bearer \(issued.token) extra")?.contains("single word") == true)
    }

    // MARK: The client behind the token

    @Test("disabling a client revokes its tokens")
    func disabledClient() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        var client = Fixture.clinic
        client.status = .disabled
        await fixture.clients.upsertClient(client)
        #expect(await fixture.refusalOf(issued.token) == "client demo-clinic is disabled")
        client.status = .active
        await fixture.clients.upsertClient(client)
        #expect(await fixture.refusalOf(issued.token) == nil)
    }

    @Test("removing a client revokes its tokens")
    func removedClient() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        #expect(await fixture.clients.removeClient(id: "demo-clinic"))
        #expect(await fixture.refusalOf(issued.token) == "client demo-clinic is no longer registered")
    }

    @Test("roles and organizations taken from a client leave its tokens at once")
    func narrowedClient() async throws {
        let fixture = try await Fixture()
        let issued = try await fixture.issue()
        var client = Fixture.clinic
        client.roles = []
        client.organizationIdentifiers = [OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: "9")]
        await fixture.clients.upsertClient(client)
        let caller = try await fixture.verify(issued.token)
        #expect(caller.roles.isEmpty)
        #expect(caller.organizationIdentifiers.isEmpty)
        #expect(caller.scopes.count == 2)

        client.kind = .payer
        await fixture.clients.upsertClient(client)
        #expect(await fixture.refusalOf(issued.token)?.contains("now registered as payer") == true)
    }
}
