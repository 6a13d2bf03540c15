import CaseStore
import Foundation

/// A ``SigningKeyStore`` in memory, with the same rules as the SQLite one: newest first, one
/// current key, rotation retires the previous current key at the new key's creation time.
actor InMemorySigningKeyStore: SigningKeyStore {
    private(set) var keys: [StoredSigningKey] = []
    /// How many times a key was made current, so tests can tell a rotation from a no-op.
    private(set) var rotations = 0
    /// How many times the keys were read.
    private(set) var reads = 0
    /// A pause in every read, to widen the window in which concurrent callers could interleave.
    private var readDelay: Duration?

    func setReadDelay(_ delay: Duration?) {
        readDelay = delay
    }

    func signingKeys() async -> [StoredSigningKey] {
        reads += 1
        if let readDelay { try? await Task.sleep(for: readDelay) }
        return keys.sorted { $0.createdAt > $1.createdAt }
    }

    func rotateSigningKey(to key: StoredSigningKey) {
        for index in keys.indices where keys[index].retiredAt == nil {
            keys[index].retiredAt = key.createdAt
        }
        var current = key
        current.retiredAt = nil
        keys.append(current)
        rotations += 1
    }

    @discardableResult
    func removeSigningKeys(retiredBefore date: Date) -> Int {
        let before = keys.count
        keys.removeAll { $0.retiredAt.map { $0 < date } ?? false }
        return before - keys.count
    }

    /// Puts a key in as is, bypassing rotation (to plant a broken or foreign key).
    func insert(_ key: StoredSigningKey) {
        keys.append(key)
    }
}
