import CaseStore
import Foundation

/// Finds the public key a client signed a JWT with: in its inline JWKS, or in the JWKS it
/// publishes at its registered `jwksURL`.
///
/// Published sets are cached per URL for ``cacheLifetime``. A `kid` missing from a fresh cached
/// set triggers one refetch (the client may have just rotated keys), but at most one per URL per
/// ``minimumRefetchInterval``, so JWTs with made-up kids cannot make us hammer the client's server.
/// Concurrent fetches of one URL share a single request.
public actor ClientKeyResolver {
    /// Between two fetches of one URL caused by unknown kids.
    public static let minimumRefetchInterval: TimeInterval = 30

    public let cacheLifetime: TimeInterval
    private let fetcher: any JWKSFetcher
    private let timeSource: any TimeSource
    private var cache: [String: CachedKeySet] = [:]
    private var lastFetch: [String: Date] = [:]
    private var inFlight: [String: Task<String, any Error>] = [:]

    private struct CachedKeySet {
        var keys: ClientKeySet
        var fetchedAt: Date
    }

    public init(fetcher: any JWKSFetcher, timeSource: any TimeSource, cacheLifetime: TimeInterval = 300) {
        self.fetcher = fetcher
        self.timeSource = timeSource
        self.cacheLifetime = cacheLifetime
    }

    /// The key `kid` of `client`. A `jku` header, when sent, must be exactly the registered
    /// `jwksURL`: it only ever selects among URLs we already trust, never adds one.
    public func key(for client: RegisteredClient, kid: String, jku: String?) async throws(AuthenticationError)
        -> ClientPublicKey
    {
        if let jku, jku != client.jwksURL {
            throw AuthenticationError("jku \(jku) is not on the client's allow-list")
        }
        if let inline = client.jwks {
            guard let key = try ClientKeySet(jwksText: inline, clientID: client.id).key(kid, clientID: client.id) else {
                throw Self.noKey(kid, client)
            }
            return key
        }
        guard let urlText = client.jwksURL else {
            throw AuthenticationError("client \(client.id) has no registered keys (neither jwks nor jwksURL)")
        }
        let url = try Self.checkedJWKSURL(urlText, clientID: client.id)
        let now = timeSource.now()
        if let cached = cache[urlText], now.timeIntervalSince(cached.fetchedAt) < cacheLifetime {
            if let key = try cached.keys.key(kid, clientID: client.id) { return key }
            if let last = lastFetch[urlText], now.timeIntervalSince(last) < Self.minimumRefetchInterval {
                throw Self.noKey(kid, client)
            }
        }
        let keys = try await fetch(url, key: urlText, clientID: client.id)
        guard let key = try keys.key(kid, clientID: client.id) else { throw Self.noKey(kid, client) }
        return key
    }

    /// Forgets every cached set (for an operator's "reload keys now").
    public func clearCache() {
        cache.removeAll()
        lastFetch.removeAll()
    }

    private func fetch(_ url: URL, key urlText: String, clientID: String) async throws(AuthenticationError) -> ClientKeySet {
        let task: Task<String, any Error>
        if let running = inFlight[urlText] {
            task = running
        } else {
            let fetcher = self.fetcher
            task = Task { try await fetcher.fetchJWKS(from: url) }
            inFlight[urlText] = task
            lastFetch[urlText] = timeSource.now()
        }
        let text: String
        do {
            text = try await task.value
            inFlight[urlText] = nil
        } catch {
            inFlight[urlText] = nil
            throw AuthenticationError("cannot fetch the JWKS of client \(clientID) from \(urlText): \(error)")
        }
        let keys = try ClientKeySet(jwksText: text, clientID: clientID)
        cache[urlText] = CachedKeySet(keys: keys, fetchedAt: timeSource.now())
        return keys
    }

    private static func noKey(_ kid: String, _ client: RegisteredClient) -> AuthenticationError {
        AuthenticationError("no key \(kid) in the JWKS of client \(client.id)")
    }

    /// Loopback hosts, where plain `http` is allowed (local development, tests).
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// Whether `text` may be registered as a client's `jwksURL` (same rule as at fetch time), so
    /// registration refuses what authentication would refuse later.
    public static func isAcceptableJWKSURL(_ text: String) -> Bool {
        (try? checkedJWKSURL(text, clientID: "")) != nil
    }

    /// `https`, or `http` to a loopback host: keys fetched in clear text over a network could be
    /// swapped by anyone on the path.
    static func checkedJWKSURL(_ text: String, clientID: String) throws(AuthenticationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw AuthenticationError("the jwksURL of client \(clientID) is not a URL: \(text)")
        }
        switch scheme {
        case "https": return url
        case "http" where loopbackHosts.contains(host.lowercased()): return url
        default:
            throw AuthenticationError("the jwksURL of client \(clientID) must be https (http only on loopback), got \(text)")
        }
    }
}
