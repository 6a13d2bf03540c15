import CaseStore
import FHIR
import Foundation
import Auth

/// A verifier wired to in-memory fakes and a manual clock, with helpers to make client JWTs.
struct VerifierFixture {
    static let tokenURL = "https://greenlight.example/auth/token"
    static let cdsURL = "https://greenlight.example/cds-services/order-sign-crd"
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    let time = ManualTimeSource(VerifierFixture.start)
    let registry: InMemoryClientRegistry
    let replayGuard = InMemoryReplayGuard()
    let fetcher: CountingJWKSFetcher
    let resolver: ClientKeyResolver
    let verifier: ClientJWTVerifier

    init(clients: [RegisteredClient], fetcher: CountingJWKSFetcher = CountingJWKSFetcher()) {
        registry = InMemoryClientRegistry(clients)
        self.fetcher = fetcher
        resolver = ClientKeyResolver(fetcher: fetcher, timeSource: time)
        verifier = ClientJWTVerifier(registry: registry, replayGuard: replayGuard, keys: resolver, timeSource: time)
    }

    /// A fixture with one client `clientID` publishing `keys` inline.
    init(clientID: String = "demo-clinic", keys: [TestKey], status: RegisteredClient.Status = .active) {
        self.init(clients: [Self.client(clientID, keys: keys, status: status)])
    }

    static func client(
        _ id: String, keys: [TestKey]? = nil, jwksURL: String? = nil, status: RegisteredClient.Status = .active,
        kind: RegisteredClient.Kind = .provider
    ) -> RegisteredClient {
        RegisteredClient(
            id: id, name: "Test client \(id)", kind: kind, jwks: keys.map(TestKey.jwks), jwksURL: jwksURL,
            allowedScopes: ["system/Claim.c"], status: status, createdAt: start)
    }

    var now: Date { time.now() }

    /// The claims of a well-formed assertion from `clientID`, changed by `overrides`
    /// (`.null` removes a claim).
    func assertionClaims(_ clientID: String = "demo-clinic", _ overrides: JSONObject = [:]) -> JSONObject {
        var claims: JSONObject = [
            "iss": .string(clientID), "sub": .string(clientID), "aud": .string(Self.tokenURL),
            "exp": .number(JSONNumber(Int(now.timeIntervalSince1970) + 240)),
            "iat": .number(JSONNumber(Int(now.timeIntervalSince1970))),
            "jti": .string(UUID().uuidString),
        ]
        for (name, value) in overrides {
            if value.isNull { claims.removeValue(forKey: name) } else { claims[name] = value }
        }
        return claims
    }

    /// Seconds since 1970 of `now + offset`, as a JSON number.
    func time(_ offset: TimeInterval) -> JSON {
        .number(JSONNumber(Int(now.timeIntervalSince1970 + offset)))
    }
}

/// A ``JWKSFetcher`` serving documents from memory and counting calls.
actor CountingJWKSFetcher: JWKSFetcher {
    private var documents: [URL: String] = [:]
    private(set) var calls = 0

    init(_ documents: [URL: String] = [:]) { self.documents = documents }

    func publish(_ jwks: String, at url: URL) { documents[url] = jwks }

    func fetchJWKS(from url: URL) async throws -> String {
        calls += 1
        guard let document = documents[url] else { throw JWKSFetchError("404 at \(url)") }
        return document
    }
}
