import CaseStore
import FHIR
import Foundation
import Auth
import Testing

/// SMART Backend Services client assertions: what is accepted and each way of being refused.
@Suite struct ClientAssertionTests {
    @Test("an RS384 assertion from a registered client is accepted")
    func acceptsRS384() async throws {
        let key = try await TestKey.rsa(kid: "rsa-1")
        let fixture = VerifierFixture(keys: [key])
        let claims = fixture.assertionClaims()
        let jwt = try await key.sign(claims: claims)
        let verified = try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        #expect(verified.client.id == "demo-clinic")
        #expect(verified.jti == claims["jti"]?.string)
        #expect(verified.expiresAt == fixture.now.addingTimeInterval(240))
        #expect(verified.issuedAt == fixture.now)
        #expect(verified.tenant == nil)
        #expect(await fixture.replayGuard.contains(verified.jti, issuer: "demo-clinic"))
    }

    @Test("an ES384 assertion is accepted, aud may be an array")
    func acceptsES384() async throws {
        let key = try await TestKey.ec(kid: "ec-1", jwkAlg: "ES384")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(
            claims: fixture.assertionClaims("demo-clinic", ["aud": [.string(VerifierFixture.tokenURL), "https://other"]]))
        let verified = try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        #expect(verified.client.id == "demo-clinic")
    }

    @Test("the other asymmetric algorithms verify too", arguments: ["RS256", "RS512", "PS384", "ES256", "ES512"])
    func acceptsOtherAlgorithms(alg: String) async throws {
        let key = try await alg.hasPrefix("ES") ? TestKey.ec(kid: "k-\(alg)", alg: alg) : TestKey.rsa(kid: "k-\(alg)", alg: alg)
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims())
        _ = try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
    }

    @Test("the key is chosen by kid among several")
    func choosesKeyByKid() async throws {
        let rsa = try await TestKey.rsa(kid: "rsa-1")
        let ec = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [rsa, ec])
        _ = try await fixture.verifier.verifyClientAssertion(
            try await ec.sign(claims: fixture.assertionClaims()), tokenURL: VerifierFixture.tokenURL)
        _ = try await fixture.verifier.verifyClientAssertion(
            try await rsa.sign(claims: fixture.assertionClaims()), tokenURL: VerifierFixture.tokenURL)
    }

    @Test("a token signed by another key under the registered kid is refused")
    func refusesBadSignature() async throws {
        let registered = try await TestKey.rsa(kid: "rsa-1")
        let impostor = try await TestKey.rsa(kid: "rsa-1", key: TestKey.otherRSA)
        let fixture = VerifierFixture(keys: [registered])
        let jwt = try await impostor.sign(claims: fixture.assertionClaims())
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "signature does not verify with key rsa-1")
    }

    @Test("a forged token does not use up its jti")
    func forgeryDoesNotBurnJTI() async throws {
        let registered = try await TestKey.ec(kid: "ec-1")
        let impostor = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [registered])
        let claims = fixture.assertionClaims()
        let forged = try await impostor.sign(claims: claims)
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(forged, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "signature does not verify with key ec-1")
        let genuine = try await registered.sign(claims: claims)
        _ = try await fixture.verifier.verifyClientAssertion(genuine, tokenURL: VerifierFixture.tokenURL)
    }

    @Test("a tampered payload is refused")
    func refusesTamperedPayload() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims())
        let parts = jwt.split(separator: ".").map(String.init)
        let tampered = [parts[0], TestJWT.encode(.object(fixture.assertionClaims())), parts[2]].joined(separator: ".")
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(tampered, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "signature does not verify with key ec-1")
    }

    @Test("a replayed jti is refused")
    func refusesReplay() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims("demo-clinic", ["jti": "once"]))
        _ = try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "jti has already been used (once)")
    }

    static let claimCases: [(JSONObject, String)] = [
        (["aud": "https://evil.example/token"], "aud must be https://greenlight.example/auth/token, got https://evil.example/token"),
        (["aud": .null], "the aud claim is required; it must be https://greenlight.example/auth/token"),
        (["aud": ["https://a", "https://b"]], "aud must be https://greenlight.example/auth/token or contain it, got [https://a, https://b]"),
        (["sub": "someone-else"], "iss (demo-clinic) and sub (someone-else) must both be the client id"),
        (["sub": .null], "the sub claim is required; it must equal iss (demo-clinic)"),
        (["jti": .null], "the jti claim is required"),
        (["jti": 42], "the jti claim must be a non-empty string"),
        (["exp": .null], "the exp claim is required"),
        (["exp": "tomorrow"], "the exp claim must be a NumericDate (seconds since 1970), got \"tomorrow\""),
    ]

    @Test("claim problems are named", arguments: claimCases)
    func refusesClaims(overrides: JSONObject, expected: String) async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims("demo-clinic", overrides))
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == expected)
    }

    @Test("time claims: expired, too far ahead, issued in the future; skew tolerated")
    func refusesTimes() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        func check(_ overrides: JSONObject) async throws -> String? {
            let jwt = try await key.sign(claims: fixture.assertionClaims("demo-clinic", overrides))
            return await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
            }
        }
        #expect(try await check(["exp": fixture.time(-61), "iat": fixture.time(-300)])?.hasPrefix("the JWT expired at") == true)
        #expect(try await check(["exp": fixture.time(-30)]) == nil)  // within the 60 s skew
        #expect(try await check(["exp": fixture.time(361 + 10)]) == "exp is more than 5 minutes ahead")
        #expect(try await check(["exp": fixture.time(350)]) == nil)  // 5 min + skew
        #expect(try await check(["iat": fixture.time(120)])?.hasPrefix("iat ") == true)
        #expect(try await check(["iat": .null]) == nil)  // iat is optional in RFC 7523
        #expect(try await check(["nbf": fixture.time(120)])?.hasPrefix("the JWT is not valid before") == true)
    }

    @Test("an unknown client is refused")
    func refusesUnknownClient() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims("stranger"))
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "unknown client stranger")
    }

    @Test("a disabled client is refused")
    func refusesDisabledClient() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key], status: .disabled)
        let jwt = try await key.sign(claims: fixture.assertionClaims())
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "client demo-clinic is disabled")
    }

    @Test("alg none is refused before any lookup")
    func refusesNone() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = TestJWT.unsigned(claims: fixture.assertionClaims(), kid: "ec-1")
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "alg none is never accepted")
        #expect(await fixture.registry.lookups == 0)
    }

    @Test("HS256 signed with the client's public key as the secret is refused")
    func refusesHMACConfusion() async throws {
        let key = try await TestKey.rsa(kid: "rsa-1")
        let fixture = VerifierFixture(keys: [key])
        for secret in [key.publicKeyPEM, TestKey.jwks([key])] {
            let jwt = try await TestJWT.hmacSHA256(claims: fixture.assertionClaims(), kid: "rsa-1", secret: secret)
            let reason = await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
            }
            #expect(reason == "HS256 is a shared-secret algorithm and is never accepted")
        }
        #expect(await fixture.registry.lookups == 0)
    }

    @Test("header problems are named")
    func refusesHeaders() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        func check(_ header: JSONObject) async throws -> String? {
            let jwt = try await key.sign(claims: fixture.assertionClaims(), header: header)
            return await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
            }
        }
        #expect(try await check(["kid": .null]) == "the JWT header has no kid; name the signing key of your JWKS")
        #expect(try await check(["kid": "ec-2"]) == "no key ec-2 in the JWKS of client demo-clinic")
        #expect(try await check(["typ": "at+jwt"]) == "the JWT header's typ must be JWT, got \"at+jwt\"")
        #expect(try await check(["typ": .null]) == nil)  // optional for assertions
        #expect(try await check(["alg": "EdDSA"])?.hasPrefix("alg EdDSA is not supported") == true)
        #expect(try await check(["alg": "HS512"]) == "HS512 is a shared-secret algorithm and is never accepted")
        #expect(try await check(["alg": "RS384"]) == "key ec-1 is of type EC, which cannot verify RS384")
        #expect(try await check(["alg": "ES256"]) == "ES256 needs a P-256 key; key ec-1 is on P-384")
        #expect(try await check(["crit": ["exp"]]) == "the JWT header has crit extensions, which this server does not support")
    }

    @Test("a key's stated alg must match the header's")
    func refusesKeyAlgMismatch() async throws {
        let key = try await TestKey.rsa(kid: "rsa-1", alg: "RS256", jwkAlg: "RS384")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims())
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "key rsa-1 is registered for RS384, not RS256")
    }

    @Test("a jku other than the registered jwksURL is refused")
    func refusesForeignJKU() async throws {
        let key = try await TestKey.ec(kid: "ec-1")
        let fixture = VerifierFixture(keys: [key])
        let jwt = try await key.sign(claims: fixture.assertionClaims(), header: ["jku": "https://attacker.example/jwks.json"])
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == "jku https://attacker.example/jwks.json is not on the client's allow-list")
        #expect(await fixture.fetcher.calls == 0)
    }

    @Test("malformed tokens are refused with their structural problem", arguments: [
        ("", "a JWT must be three base64url parts separated by dots (got 1 parts)"),
        ("abc.def", "a JWT must be three base64url parts separated by dots (got 2 parts)"),
        ("a.b.c.d", "a JWT must be three base64url parts separated by dots (got 4 parts)"),
        (".e30.c2ln", "a JWT must be three base64url parts separated by dots (got 3 parts)"),
        ("e30..c2ln", "a JWT must be three base64url parts separated by dots (got 3 parts)"),
        ("e30.e30.c2ln=", "the JWT signature is not base64url"),
        ("e30.é30.c2ln", "the JWT payload is not base64url"),
        ("e30=.e30.c2ln", "the JWT header is not base64url"),
        ("bm90IGpzb24.e30.c2ln", "the JWT header is not a JSON object"),
        ("e30.WzFd.c2ln", "the JWT payload is not a JSON object"),
        ("e30.e30.c2ln", "the JWT header has no alg"),
    ])
    func refusesMalformed(jwt: String, expected: String) async throws {
        let fixture = VerifierFixture(clients: [])
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
        }
        #expect(reason == expected)
    }
}

/// CDS Hooks bearer JWTs (CDS Hooks 2.0 §Trusting CDS Clients).
@Suite struct CDSHooksJWTTests {
    func claims(_ fixture: VerifierFixture, _ overrides: JSONObject = [:]) -> JSONObject {
        var claims: JSONObject = [
            "iss": "demo-ehr", "aud": .string(VerifierFixture.cdsURL), "exp": fixture.time(300), "iat": fixture.time(0),
            "jti": .string(UUID().uuidString),
    ]
        for (name, value) in overrides {
            if value.isNull { claims.removeValue(forKey: name) } else { claims[name] = value }
        }
        return claims
    }

    func fixture(_ key: TestKey) -> VerifierFixture {
        VerifierFixture(clients: [VerifierFixture.client("demo-ehr", keys: [key], kind: .ehr)])
    }

    @Test("a CDS Hooks JWT with an aud array and a tenant is accepted")
    func acceptsAudArray() async throws {
        let key = try await TestKey.ec(kid: "ehr-1")
        let fixture = fixture(key)
        let jwt = try await key.sign(
            claims: claims(fixture, ["aud": ["https://other.example", .string(VerifierFixture.cdsURL)], "tenant": "north"]))
        let verified = try await fixture.verifier.verifyCDSHooksJWT(
            authorization: "bearer \(jwt)", calledURL: VerifierFixture.cdsURL)
        #expect(verified.client.id == "demo-ehr")
        #expect(verified.tenant == "north")
        #expect(verified.issuedAt == fixture.now)
    }

    @Test("a one-day token is accepted unless a maximum lifetime is asked")
    func acceptsLongLivedToken() async throws {
        let key = try await TestKey.rsa(kid: "ehr-rsa")
        let fixture = fixture(key)
        let jwt = try await key.sign(claims: claims(fixture, ["exp": fixture.time(86_400)]))
        _ = try await fixture.verifier.verifyCDSHooksJWT(authorization: "Bearer \(jwt)", calledURL: VerifierFixture.cdsURL)

        let other = try await key.sign(claims: claims(fixture, ["exp": fixture.time(86_400)]))
        let reason = await refusal { () async throws(AuthenticationError) in
            try await fixture.verifier.verifyCDSHooksJWT(
                authorization: "Bearer \(other)", calledURL: VerifierFixture.cdsURL, maxLifetime: 3600)
        }
        #expect(reason == "exp is more than 3600 seconds ahead")
    }

    @Test("the Authorization header must be a bearer token")
    func refusesMissingBearer() async throws {
        let key = try await TestKey.ec(kid: "ehr-1")
        let fixture = fixture(key)
        for (header, expected) in [
            (nil, "no bearer token"), ("", "no bearer token"), ("Bearer ", "no bearer token"),
            ("Basic abc", "the Authorization header must use the Bearer scheme, not Basic"),
        ] as [(String?, String)] {
            let reason = await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyCDSHooksJWT(authorization: header, calledURL: VerifierFixture.cdsURL)
            }
            #expect(reason == expected)
        }
    }

    @Test("typ, iat, aud and jti are all required; replays are refused")
    func refusesMissingParts() async throws {
        let key = try await TestKey.ec(kid: "ehr-1")
        let fixture = fixture(key)
        func check(_ overrides: JSONObject, header: JSONObject = [:]) async throws -> String? {
            let jwt = try await key.sign(claims: claims(fixture, overrides), header: header)
            return await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyCDSHooksJWT(authorization: "Bearer \(jwt)", calledURL: VerifierFixture.cdsURL)
            }
        }
        #expect(try await check([:], header: ["typ": .null]) == "the JWT header has no typ; it must be JWT")
        #expect(try await check(["iat": .null]) == "the iat claim is required")
        #expect(try await check(["jti": .null]) == "the jti claim is required")
        #expect(try await check(["aud": "https://greenlight.example/cds-services/other"])
            == "aud must be \(VerifierFixture.cdsURL), got https://greenlight.example/cds-services/other")
        #expect(try await check(["iss": "stranger"]) == "unknown client stranger")
        #expect(try await check(["jti": "j-1"]) == nil)
        #expect(try await check(["jti": "j-1"]) == "jti has already been used (j-1)")
        #expect(try await check(["exp": fixture.time(-120)])?.hasPrefix("the JWT expired at") == true)
    }
}

/// Keys published at a client's `jwksURL`: caching, refetching on rotation, URL rules.
@Suite struct ClientKeyResolverTests {
    static let url = URL(string: "https://clinic.example/.well-known/jwks.json")!

    @Test("published keys are cached; an unknown kid refetches at most once per 30 s")
    func cachesAndRefetches() async throws {
        let first = try await TestKey.ec(kid: "k1")
        let second = try await TestKey.ec(kid: "k2")
        let fetcher = CountingJWKSFetcher([Self.url: TestKey.jwks([first])])
        let client = VerifierFixture.client("demo-clinic", jwksURL: Self.url.absoluteString)
        let fixture = VerifierFixture(clients: [client], fetcher: fetcher)
        func verify(_ key: TestKey, header: JSONObject = [:]) async throws -> String? {
            let jwt = try await key.sign(claims: fixture.assertionClaims(), header: header)
            return await refusal { () async throws(AuthenticationError) in
                try await fixture.verifier.verifyClientAssertion(jwt, tokenURL: VerifierFixture.tokenURL)
            }
        }
        #expect(try await verify(first) == nil)
        #expect(try await verify(first, header: ["jku": .string(Self.url.absoluteString)]) == nil)
        #expect(await fetcher.calls == 1)

        // The client rotates; the first JWT naming the new kid triggers one refetch.
        await fetcher.publish(TestKey.jwks([first, second]), at: Self.url)
        fixture.time.advance(by: 31)
        #expect(try await verify(second) == nil)
        #expect(await fetcher.calls == 2)

        // Made-up kids within 30 s of the last fetch cost no fetch.
        let stranger = try await TestKey.ec(kid: "k3")
        #expect(try await verify(stranger) == "no key k3 in the JWKS of client demo-clinic")
        #expect(try await verify(stranger) == "no key k3 in the JWKS of client demo-clinic")
        #expect(await fetcher.calls == 2)
        fixture.time.advance(by: 30)
        #expect(try await verify(stranger) == "no key k3 in the JWKS of client demo-clinic")
        #expect(await fetcher.calls == 3)

        // Known kids are served from the cache until it expires (300 s).
        #expect(try await verify(first) == nil)
        #expect(await fetcher.calls == 3)
        fixture.time.advance(by: 301)
        #expect(try await verify(first) == nil)
        #expect(await fetcher.calls == 4)
    }

    @Test("concurrent lookups of one URL share one fetch")
    func coalescesFetches() async throws {
        let key = try await TestKey.ec(kid: "k1")
        let fetcher = CountingJWKSFetcher([Self.url: TestKey.jwks([key])])
        let resolver = ClientKeyResolver(fetcher: fetcher, timeSource: ManualTimeSource(VerifierFixture.start))
        let client = VerifierFixture.client("demo-clinic", jwksURL: Self.url.absoluteString)
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try await resolver.key(for: client, kid: "k1", jku: nil).kid }
            }
            for try await kid in group { #expect(kid == "k1") }
        }
        #expect(await fetcher.calls == 1)
    }

    @Test("jwksURL must be https, or http on loopback", arguments: [
        ("http://clinic.example/jwks.json", false), ("ftp://clinic.example/jwks.json", false),
        ("https://clinic.example/jwks.json", true), ("http://127.0.0.1:8080/jwks.json", true),
        ("http://localhost/jwks.json", true), ("http://[::1]:9000/jwks.json", true),
    ])
    func urlRules(url: String, allowed: Bool) async throws {
        let key = try await TestKey.ec(kid: "k1")
        let fetcher = CountingJWKSFetcher()
        if let parsed = URL(string: url) { await fetcher.publish(TestKey.jwks([key]), at: parsed) }
        let resolver = ClientKeyResolver(fetcher: fetcher, timeSource: ManualTimeSource(VerifierFixture.start))
        let client = VerifierFixture.client("demo-clinic", jwksURL: url)
        let reason = await refusal { () async throws(AuthenticationError) in
            try await resolver.key(for: client, kid: "k1", jku: nil)
        }
        if allowed {
            #expect(reason == nil)
        } else {
            #expect(reason == "the jwksURL of client demo-clinic must be https (http only on loopback), got \(url)")
            #expect(await fetcher.calls == 0)
        }
    }

    @Test("a failed fetch is named; a client without keys is refused")
    func fetchFailures() async throws {
        let resolver = ClientKeyResolver(fetcher: CountingJWKSFetcher(), timeSource: ManualTimeSource(VerifierFixture.start))
        let client = VerifierFixture.client("demo-clinic", jwksURL: Self.url.absoluteString)
        let reason = await refusal { () async throws(AuthenticationError) in
            try await resolver.key(for: client, kid: "k1", jku: nil)
        }
        #expect(reason?.hasPrefix("cannot fetch the JWKS of client demo-clinic from \(Self.url.absoluteString)") == true)
        let keyless = VerifierFixture.client("keyless")
        let none = await refusal { () async throws(AuthenticationError) in
            try await resolver.key(for: keyless, kid: "k1", jku: nil)
        }
        #expect(none == "client keyless has no registered keys (neither jwks nor jwksURL)")
    }
}

/// ``HTTPJWKSFetcher`` against a real HTTP server on loopback.
@Suite struct HTTPJWKSFetcherTests {
    @Test("fetches a JWKS; refuses non-200, redirects and oversized bodies")
    func fetchesOverHTTP() async throws {
        let key = try await TestKey.ec(kid: "k1")
        let jwks = TestKey.jwks([key])
        let server = try await LoopbackHTTPServer.start(routes: [
            "/jwks.json": .init(body: jwks),
            "/moved": .init(status: .found, headers: [("Location", "/jwks.json")]),
            "/huge": .init(body: String(repeating: " ", count: 300_000)),
        ])
        defer { Task { try? await server.stop() } }
        let fetcher = HTTPJWKSFetcher()
        let url = try #require(URL(string: server.url("/jwks.json")))
        #expect(try await fetcher.fetchJWKS(from: url) == jwks)

        for path in ["/missing", "/moved", "/huge"] {
            let other = try #require(URL(string: server.url(path)))
            await #expect(throws: JWKSFetchError.self) { try await fetcher.fetchJWKS(from: other) }
        }

        // End to end: a client publishing its keys on loopback.
        let client = VerifierFixture.client("demo-clinic", jwksURL: url.absoluteString)
        let time = ManualTimeSource(VerifierFixture.start)
        let resolver = ClientKeyResolver(fetcher: fetcher, timeSource: time)
        let found = try await resolver.key(for: client, kid: "k1", jku: url.absoluteString)
        #expect(found.jwk == key.publicJWK)
    }
}

/// The demo clients' keys in `Fixtures/keys`, signed the way `greenlight token` signs.
@Suite struct DemoKeyInteropTests {
    static let keys = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keys")

    func client(_ id: String, kind: RegisteredClient.Kind) throws -> RegisteredClient {
        let jwks = try String(contentsOf: Self.keys.appendingPathComponent("\(id).jwks.json"), encoding: .utf8)
        return RegisteredClient(id: id, name: id, kind: kind, jwks: jwks, createdAt: VerifierFixture.start)
    }

    func signer(_ id: String) async throws -> ClientJWTSigner {
        let jwks = try JSON.parse(data: Data(contentsOf: Self.keys.appendingPathComponent("\(id).jwks.json")))
        let kid = try #require(jwks["keys"]?[0]?["kid"]?.string)
        let pem = try String(contentsOf: Self.keys.appendingPathComponent("\(id).private.pem"), encoding: .utf8)
        return try await ClientJWTSigner(clientID: id, kid: kid, privateKeyPEM: pem)
    }

    @Test("demo-clinic (ES384) assertions and demo-ehr (RS384) CDS Hooks JWTs verify")
    func demoKeysVerify() async throws {
        let clinic = try client("demo-clinic", kind: .provider)
        let ehr = try client("demo-ehr", kind: .ehr)
        let fixture = VerifierFixture(clients: [clinic, ehr])

        let assertion = try await signer("demo-clinic").clientAssertion(tokenURL: VerifierFixture.tokenURL, now: fixture.now)
        let verified = try await fixture.verifier.verifyClientAssertion(assertion, tokenURL: VerifierFixture.tokenURL)
        #expect(verified.client.id == "demo-clinic")

        let hookJWT = try await signer("demo-ehr").cdsHooksJWT(audience: VerifierFixture.cdsURL, now: fixture.now)
        let hook = try await fixture.verifier.verifyCDSHooksJWT(authorization: "Bearer \(hookJWT)", calledURL: VerifierFixture.cdsURL)
        #expect(hook.client.id == "demo-ehr")
    }
}
