import CaseStore
import Foundation

/// A ``ReplayGuard`` in memory: remembers (issuer, jti) pairs until they expire.
actor InMemoryReplayGuard: ReplayGuard {
    private var seen: [Pair: Date] = [:]

    struct Pair: Hashable {
        var issuer: String
        var jti: String
    }

    func claimTokenID(_ jti: String, issuer: String, expiresAt: Date) async throws -> Bool {
        seen.updateValue(expiresAt, forKey: Pair(issuer: issuer, jti: jti)) == nil
    }

    @discardableResult
    func purgeTokenIDs(expiredBefore date: Date) async throws -> Int {
        let before = seen.count
        seen = seen.filter { $0.value >= date }
        return before - seen.count
    }

    func contains(_ jti: String, issuer: String) -> Bool { seen[Pair(issuer: issuer, jti: jti)] != nil }
}
