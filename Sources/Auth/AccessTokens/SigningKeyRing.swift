import CaseStore
import FHIR
import Foundation
import JWTKit
import Logging

/// The server's token-signing keys: ES384 (P-384) keys kept in the store, one current, rotated.
///
/// The store is the truth, shared by every process using it; the ring keeps a copy that it
/// refreshes at least every ``cacheLifetime`` seconds on the signing path. That bound matters:
/// a process that has not yet seen another's rotation keeps signing with the old key for at most
/// that long, and retired keys stay published ``removalMargin`` (longer) past their last token.
///
/// Maintenance — creating the first key, rotating when due, dropping keys whose tokens have all
/// expired — happens in ``prepare()`` and also whenever the copy is refreshed, so a server that
/// never schedules ``prepare()`` still rotates; scheduling it just keeps the JWKS tidy when idle.
public actor SigningKeyRing {
    /// How long a key signs before a new one replaces it.
    public nonisolated let rotationInterval: TimeInterval
    /// The longest life of a token signed by the ring: a retired key stays published this long
    /// (plus ``removalMargin``) after retirement. Issuers never sign for longer than this.
    public nonisolated let tokenLifetime: TimeInterval

    /// Extra life of a retired key beyond its last token's expiry: covers verifiers' clock skew
    /// and other processes' copies that are up to ``cacheLifetime`` old.
    static let removalMargin: TimeInterval = 60
    /// How old the copy of the store may get before the signing path reloads it.
    static let cacheLifetime: TimeInterval = 30
    /// Tokens naming an unknown kid make the ring look in the store again, at most this often,
    /// so a flood of made-up kids cannot turn into a flood of store reads.
    static let unknownKeyReloadInterval: TimeInterval = 1

    private let store: any SigningKeyStore
    private let timeSource: any TimeSource
    private let logger: Logger

    /// Usable keys, newest first.
    private var keys: [RingKey] = []
    private var loadedAt: Date?
    private var lastUnknownKeyReload: Date?

    /// Store reads and writes are serialized: the actor alone would let two callers interleave at
    /// their `await`s and, say, both create a first key.
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(
        store: any SigningKeyStore,
        timeSource: any TimeSource,
        rotationInterval: TimeInterval = 24 * 3600,
        tokenLifetime: TimeInterval = 300,
        logger: Logger = Logger(label: "greenlight.signing-keys")
    ) {
        self.store = store
        self.timeSource = timeSource
        self.rotationInterval = rotationInterval
        self.tokenLifetime = tokenLifetime
        self.logger = logger
    }

    // MARK: Maintenance

    /// Loads the keys; creates the first key when the store has none; rotates when the current key
    /// is older than ``rotationInterval``; removes keys retired more than ``tokenLifetime`` (+60 s)
    /// ago. Idempotent; call at startup and periodically.
    public func prepare() async throws {
        await acquire()
        defer { release() }
        try await maintain(at: timeSource.now())
    }

    /// Creates a new current key now and retires the old one (which keeps verifying until its
    /// tokens expire); returns the new kid.
    @discardableResult
    public func rotate() async throws -> String {
        await acquire()
        defer { release() }
        return try await rotateLocked(at: timeSource.now())
    }

    /// Rotates only when the current key is due (or there is none); `true` when it did.
    /// Reads the store first, so another process's fresh rotation is not repeated.
    public func rotateIfDue() async throws -> Bool {
        await acquire()
        defer { release() }
        let now = timeSource.now()
        try await reload(at: now)
        guard needsRotation(at: now) else { return false }
        try await rotateLocked(at: now)
        return true
    }

    // MARK: Reading

    public func currentKeyID() async throws -> String {
        try await currentKey().kid
    }

    /// The public JWKS document of the current key and of retired keys whose tokens may still be
    /// valid. Only public members are copied (`d` never is).
    public func publicJWKS() async throws -> JSON {
        let now = timeSource.now()
        try await refreshIfStale(at: now)
        return ["keys": .array(publishable(at: now).map(\.publicJWK))]
    }

    // MARK: Signing and verifying (for the issuer and verifier in this module)

    /// Signs `payload` with the current key; the header gets `alg` ES384, `kid` and `typ`.
    func sign(_ payload: some JWTPayload, typ: String) async throws -> String {
        let key = try await currentKey()
        var header = JWTHeader()
        header.typ = typ
        return try await key.signer.sign(payload, kid: JWKIdentifier(string: key.kid), header: header)
    }

    /// The ES384 verifier of key `kid`, when that key is known and may still have valid tokens.
    func verificationKey(kid: String) async throws -> (any JWTAlgorithm)? {
        let now = timeSource.now()
        if loadedAt == nil { try await refreshIfStale(at: now) }
        if let key = publishable(at: now).first(where: { $0.kid == kid }) { return key.verifier }
        // Another process may have rotated since we last looked.
        if let last = lastUnknownKeyReload, now.timeIntervalSince(last) < Self.unknownKeyReloadInterval,
            now >= last
        {
            return nil
        }
        lastUnknownKeyReload = now
        await acquire()
        defer { release() }
        try await reload(at: now)
        return publishable(at: now).first(where: { $0.kid == kid })?.verifier
    }

    // MARK: Internals

    private var current: RingKey? { keys.first(where: \.isCurrent) }

    private func currentKey() async throws -> RingKey {
        try await refreshIfStale(at: timeSource.now())
        guard let key = current else { throw SigningKeyRingError("the key store has no usable current signing key") }
        return key
    }

    /// Keys whose tokens may still verify: the current one and those retired less than a token
    /// lifetime (plus margin) ago.
    private func publishable(at now: Date) -> [RingKey] {
        keys.filter { key in
            guard let retiredAt = key.retiredAt else { return true }
            return retiredAt.addingTimeInterval(tokenLifetime + Self.removalMargin) > now
        }
    }

    private func needsRotation(at now: Date) -> Bool {
        guard let current else { return true }
        return current.createdAt.addingTimeInterval(rotationInterval) <= now
    }

    private func isStale(at now: Date) -> Bool {
        guard let loadedAt else { return true }
        // A clock set backwards (tests, or an NTP step) also counts as stale.
        return now.timeIntervalSince(loadedAt) >= Self.cacheLifetime || now < loadedAt
    }

    private func refreshIfStale(at now: Date) async throws {
        guard isStale(at: now) || current == nil else { return }
        await acquire()
        defer { release() }
        // Someone else may have refreshed while we waited.
        guard isStale(at: now) || current == nil else { return }
        try await maintain(at: now)
    }

    /// Must hold the gate.
    private func maintain(at now: Date) async throws {
        try await reload(at: now)
        if needsRotation(at: now) { try await rotateLocked(at: now) }
        let cutoff = now.addingTimeInterval(-(tokenLifetime + Self.removalMargin))
        let removed = try await store.removeSigningKeys(retiredBefore: cutoff)
        if removed > 0 {
            logger.info("Removed expired signing keys", metadata: ["count": "\(removed)"])
            try await reload(at: now)
        }
    }

    /// Must hold the gate.
    @discardableResult
    private func rotateLocked(at now: Date) async throws -> String {
        let key = try RingKey.generate(at: now)
        try await store.rotateSigningKey(to: key)
        logger.notice("Rotated the token-signing key", metadata: ["kid": "\(key.kid)"])
        try await reload(at: now)
        return key.kid
    }

    /// Must hold the gate. Keys already parsed are reused; only their retirement is re-read.
    private func reload(at now: Date) async throws {
        let stored = try await store.signingKeys()
        var loaded: [RingKey] = []
        for entry in stored {
            if var known = keys.first(where: { $0.kid == entry.kid && $0.createdAt == entry.createdAt }) {
                known.retiredAt = entry.retiredAt
                loaded.append(known)
            } else if let key = await RingKey.load(entry) {
                loaded.append(key)
            } else {
                logger.error(
                    "A stored signing key cannot be used; it is ignored",
                    metadata: ["kid": "\(entry.kid)", "algorithm": "\(entry.algorithm)"])
            }
        }
        keys = loaded.sorted { $0.createdAt > $1.createdAt }
        loadedAt = now
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the gate straight to the next waiter, so `busy` never drops in between.
    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
