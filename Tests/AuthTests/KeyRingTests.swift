import CaseStore
import FHIR
import Foundation
import JWTKit
import Testing

@testable import Auth

@Suite("Signing key ring")
struct KeyRingTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test("prepare() on an empty store creates exactly one current key, and again changes nothing")
    func prepareCreatesFirstKeyOnce() async throws {
        let store = InMemorySigningKeyStore()
        let clock = ManualTimeSource(Self.start)
        let ring = SigningKeyRing(store: store, timeSource: clock)

        try await ring.prepare()
        let first = await store.signingKeys()
        #expect(first.count == 1)
        #expect(first.first?.retiredAt == nil)
        #expect(first.first?.algorithm == "ES384")
        #expect(first.first?.createdAt == Self.start)

        clock.advance(by: 3600)
        try await ring.prepare()
        try await ring.prepare()
        #expect(await store.signingKeys() == first)
        #expect(await store.rotations == 1)
        #expect(try await ring.currentKeyID() == first.first?.kid)
    }

    @Test("concurrent first uses of an empty store create one key, not several")
    func concurrentPrepareCreatesOneKey() async throws {
        let store = InMemorySigningKeyStore()
        await store.setReadDelay(.milliseconds(20))
        let ring = SigningKeyRing(store: store, timeSource: ManualTimeSource(Self.start))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    if index.isMultiple(of: 2) {
                        try await ring.prepare()
                    } else {
                        _ = try await ring.currentKeyID()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await store.rotations == 1)
        #expect(await store.signingKeys().count == 1)
    }

    @Test("the stored key is a P-384 private key whose kid is its RFC 7638 thumbprint")
    func storedKeyAndKid() async throws {
        let store = InMemorySigningKeyStore()
        let ring = SigningKeyRing(store: store, timeSource: ManualTimeSource(Self.start))
        let kid = try await ring.currentKeyID()
        let stored = try #require(await store.signingKeys().first)
        #expect(stored.kid == kid)
        let privateKey = try ES384PrivateKey(pem: stored.privateKeyPEM)
        let parameters = try #require(privateKey.parameters)
        #expect(JWKThumbprint.ecP384(x: parameters.x, y: parameters.y) == kid)
        // 32 bytes of SHA-256, unpadded base64url.
        #expect(kid.count == 43)
        #expect(kid.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test("the thumbprint function reproduces the RFC 7638 §3.1 example")
    func thumbprintMatchesRFC7638() {
        let n =
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        #expect(
            JWKThumbprint.sha256(requiredMembers: ["kty": "RSA", "n": n, "e": "AQAB"])
                == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test("the JWKS publishes public members only, never d")
    func jwksHasNoPrivateMembers() async throws {
        let store = InMemorySigningKeyStore()
        let ring = SigningKeyRing(store: store, timeSource: ManualTimeSource(Self.start))
        let kid = try await ring.currentKeyID()
        let jwks = try await ring.publicJWKS()
        let keys = try #require(jwks["keys"]?.array)
        #expect(keys.count == 1)
        let key = try #require(keys.first?.object)
        #expect(key.keys == ["kty", "crv", "x", "y", "kid", "alg", "use"])
        #expect(key["d"] == nil)
        #expect(key["kty"] == "EC")
        #expect(key["crv"] == "P-384")
        #expect(key["alg"] == "ES384")
        #expect(key["use"] == "sig")
        #expect(key["kid"]?.string == kid)
        // The published point is the stored key's public half, and nothing of the private scalar.
        let stored = try #require(await store.signingKeys().first)
        let privateKey = try ES384PrivateKey(pem: stored.privateKeyPEM)
        #expect(key["x"]?.string == privateKey.parameters?.x)
        #expect(key["y"]?.string == privateKey.parameters?.y)
        #expect(!jwks.serializedString().contains("\"d\""))
    }

    @Test("rotateIfDue rotates only once the rotation interval has passed")
    func rotateIfDue() async throws {
        let store = InMemorySigningKeyStore()
        let clock = ManualTimeSource(Self.start)
        let ring = SigningKeyRing(store: store, timeSource: clock, rotationInterval: 3600)
        let first = try await ring.currentKeyID()

        clock.advance(by: 3599)
        #expect(try await ring.rotateIfDue() == false)
        #expect(try await ring.currentKeyID() == first)

        clock.advance(by: 1)
        #expect(try await ring.rotateIfDue() == true)
        let second = try await ring.currentKeyID()
        #expect(second != first)
        #expect(try await ring.rotateIfDue() == false)

        let keys = await store.signingKeys()
        #expect(keys.map(\.kid) == [second, first])
        #expect(keys.last?.retiredAt == clock.now())
        #expect(keys.first?.retiredAt == nil)
    }

    @Test("prepare() rotates a key older than the rotation interval")
    func prepareRotatesWhenDue() async throws {
        let store = InMemorySigningKeyStore()
        let clock = ManualTimeSource(Self.start)
        let ring = SigningKeyRing(store: store, timeSource: clock, rotationInterval: 3600)
        let first = try await ring.currentKeyID()
        clock.advance(by: 3601)
        try await ring.prepare()
        #expect(try await ring.currentKeyID() != first)
        #expect(await store.rotations == 2)
    }

    @Test("a retired key stays in the JWKS while its tokens may be valid, then leaves it and the store")
    func retiredKeyLifecycle() async throws {
        let store = InMemorySigningKeyStore()
        let clock = ManualTimeSource(Self.start)
        let ring = SigningKeyRing(store: store, timeSource: clock, tokenLifetime: 300)
        let old = try await ring.currentKeyID()
        clock.advance(by: 10)
        let new = try await ring.rotate()
        #expect(new != old)
        #expect(try await ring.currentKeyID() == new)

        func publishedKids() async throws -> [String] {
            try await ring.publicJWKS()["keys"]?.array?.compactMap { $0["kid"]?.string } ?? []
        }
        #expect(try await publishedKids() == [new, old])

        // Retired at start+10; its last token expires by start+310; kept 60 s more for skew.
        clock.set(Self.start.addingTimeInterval(10 + 300 + 59))
        try await ring.prepare()
        #expect(try await publishedKids() == [new, old])
        #expect(await store.signingKeys().count == 2)

        clock.set(Self.start.addingTimeInterval(10 + 300 + 61))
        #expect(try await publishedKids() == [new], "the JWKS drops the key even before the store is cleaned")
        try await ring.prepare()
        #expect(await store.signingKeys().map(\.kid) == [new])
        #expect(try await publishedKids() == [new])
    }

    @Test("a rotation by another process sharing the store is picked up for verifying and signing")
    func sharedStoreRotation() async throws {
        let store = InMemorySigningKeyStore()
        let clock = ManualTimeSource(Self.start)
        let here = SigningKeyRing(store: store, timeSource: clock)
        let there = SigningKeyRing(store: store, timeSource: clock)
        let old = try await here.currentKeyID()
        #expect(try await there.currentKeyID() == old)

        let new = try await there.rotate()
        // Verification looks in the store as soon as a token names a kid it does not know.
        #expect(try await here.verificationKey(kid: new) != nil)
        // Made-up kids do not make it read the store again and again.
        let reads = await store.reads
        #expect(try await here.verificationKey(kid: "made-up") == nil)
        #expect(try await here.verificationKey(kid: "made-up-too") == nil)
        #expect(await store.reads == reads)

        // Signing follows within the copy's lifetime.
        clock.advance(by: SigningKeyRing.cacheLifetime)
        #expect(try await here.currentKeyID() == new)
        #expect(await store.rotations == 2)
    }

    @Test("an unreadable current key is ignored and replaced by prepare()")
    func unreadableKeyIsReplaced() async throws {
        let store = InMemorySigningKeyStore()
        await store.insert(
            StoredSigningKey(kid: "broken", algorithm: "ES384", privateKeyPEM: "not a key", createdAt: Self.start))
        let clock = ManualTimeSource(Self.start.addingTimeInterval(5))
        let ring = SigningKeyRing(store: store, timeSource: clock)
        try await ring.prepare()
        let kid = try await ring.currentKeyID()
        #expect(kid != "broken")
        let keys = await store.signingKeys()
        #expect(keys.first(where: { $0.kid == "broken" })?.retiredAt != nil)
        let published = try await ring.publicJWKS()["keys"]?.array?.compactMap { $0["kid"]?.string }
        #expect(published == [kid])
    }
}
