import Foundation

/// The registry of clients allowed to call Greenlight.
public protocol ClientRegistry: Sendable {
    /// Adds a client; refuses an id already registered (``CaseStoreError/Code/duplicateClient``).
    func registerClient(_ client: RegisteredClient) async throws
    /// Adds or replaces a client by id (used by seeding).
    func upsertClient(_ client: RegisteredClient) async throws
    func client(id: String) async throws -> RegisteredClient?
    /// All clients, by id.
    func clients() async throws -> [RegisteredClient]
    /// Removes a client; `false` when there was none with this id.
    @discardableResult
    func removeClient(id: String) async throws -> Bool
}

/// Remembers the `jti` of every JWT accepted until it expires, so none is accepted twice —
/// across restarts and across processes sharing the store.
public protocol ReplayGuard: Sendable {
    /// Records `jti` for `issuer`; `false` when that issuer's `jti` is already recorded.
    /// Atomic: of two concurrent claims of the same pair exactly one returns `true`.
    func claimTokenID(_ jti: String, issuer: String, expiresAt: Date) async throws -> Bool
    /// Forgets token ids that expired before `date`; returns how many.
    @discardableResult
    func purgeTokenIDs(expiredBefore date: Date) async throws -> Int
}

/// Where the server's own token-signing keys live.
public protocol SigningKeyStore: Sendable {
    /// Every stored key, newest first.
    func signingKeys() async throws -> [StoredSigningKey]
    /// Makes `key` the current key and retires the previous current key at `key.createdAt`,
    /// in one transaction.
    func rotateSigningKey(to key: StoredSigningKey) async throws
    /// Deletes keys retired before `date` (their tokens have all expired); returns how many.
    @discardableResult
    func removeSigningKeys(retiredBefore date: Date) async throws -> Int
}
