import CaseStore
import Foundation
import Synchronization

/// Throttles authentication attempts per key — `client:<id>`, `address:<ip>` (see
/// ``RateLimitKey``) — so that guessing keys, replaying assertions or hammering the token
/// endpoint soon gets 429s instead of answers.
///
/// Each key has a token bucket (``Policy/requestsPerMinute`` per minute, the same as burst) and
/// a failure counter: ``Policy/failuresBeforeLockout`` failures within ``Policy/failureWindow``
/// lock the key out for ``Policy/lockout``, successes or not. State lives in memory, per process:
/// losing it at restart only forgives a few attempts.
public actor AuthRateLimiter {
    public let policy: Policy
    private let timeSource: any TimeSource
    private var entries: [String: RateLimitEntry] = [:]
    /// Running lockouts (key → until), readable without entering the actor: every
    /// authenticated request asks, and almost never finds one.
    private let lockouts = Mutex<[String: Date]>([:])

    public init(timeSource: any TimeSource, policy: Policy = .init()) {
        self.timeSource = timeSource
        self.policy = policy
    }

    /// Absorbs floating-point dust in refill sums, so 0.4 + 0.6 tokens counts as one.
    private static let epsilon = 1e-9

    private var capacity: Double { Double(policy.requestsPerMinute) }
    private var perSecond: Double { Double(policy.requestsPerMinute) / 60 }

    /// Allowed only when every key is neither locked out nor out of tokens; then one token is
    /// taken from each. When limited nothing is consumed, and the wait is the longest among keys.
    public func check(_ keys: [String]) -> Decision {
        let now = timeSource.now()
        var retryAfter: TimeInterval = 0
        var updated: [String: RateLimitEntry] = [:]
        for key in Set(keys) {
            var entry = entries[key] ?? RateLimitEntry(capacity: capacity, now: now)
            entry.refill(now: now, capacity: capacity, perSecond: perSecond)
            entry.lastSeen = now
            if let lockedUntil = entry.lockedUntil, lockedUntil > now {
                retryAfter = max(retryAfter, lockedUntil.timeIntervalSince(now))
            } else if entry.tokens < 1 - Self.epsilon {
                retryAfter = max(retryAfter, (1 - entry.tokens) / perSecond)
            }
            updated[key] = entry
        }
        if retryAfter > 0 {
            return .limited(retryAfter: max(1, Int((retryAfter - Self.epsilon).rounded(.up))))
        }
        for (key, var entry) in updated {
            entry.tokens -= 1
            entries[key] = entry
        }
        evictIfNeeded(now: now)
        return .allowed
    }

    /// Seconds until the longest running lockout among `keys` ends, or nil when none is locked
    /// out. Consumes nothing: for requests (bearer-token calls) that only failures should slow.
    public nonisolated func lockout(_ keys: [String]) -> Int? {
        let now = timeSource.now()
        let remaining = lockouts.withLock { lockouts in
            keys.compactMap { lockouts[$0] }.map { $0.timeIntervalSince(now) }.filter { $0 > 0 }.max()
        }
        return remaining.map { max(1, Int(($0 - Self.epsilon).rounded(.up))) }
    }

    /// Counts a failed attempt against each key; the one that reaches the limit starts a lockout.
    public func recordFailure(_ keys: [String]) {
        let now = timeSource.now()
        for key in Set(keys) {
            var entry = entries[key] ?? RateLimitEntry(capacity: capacity, now: now)
            entry.lastSeen = now
            entry.failures.removeAll { now.timeIntervalSince($0) >= policy.failureWindow }
            entry.failures.append(now)
            if entry.failures.count >= policy.failuresBeforeLockout {
                let until = now.addingTimeInterval(policy.lockout)
                entry.lockedUntil = until
                entry.failures.removeAll()
                lockouts.withLock { $0[key] = until }
            }
            entries[key] = entry
        }
        evictIfNeeded(now: now)
    }

    /// Forgives earlier failures (a client that got its key right is not guessing). A running
    /// lockout is not lifted.
    public func recordSuccess(_ keys: [String]) {
        for key in Set(keys) {
            entries[key]?.failures.removeAll()
        }
    }

    /// How many keys are tracked (for tests and metrics).
    public var trackedKeyCount: Int { entries.count }

    /// Keeps memory bounded: above ``Policy/maxTrackedKeys``, idle entries go first; if that is
    /// not enough, the least recently seen unlocked ones, then the least recently seen of all, down
    /// to nine tenths of the limit so this O(n) pass does not run on every request.
    private func evictIfNeeded(now: Date) {
        guard entries.count > policy.maxTrackedKeys else { return }
        lockouts.withLock { lockouts in lockouts = lockouts.filter { $0.value > now } }
        entries = entries.filter {
            !$0.value.isIdle(at: now, capacity: capacity, perSecond: perSecond, failureWindow: policy.failureWindow)
        }
        let target = max(1, policy.maxTrackedKeys * 9 / 10)
        guard entries.count > target else { return }
        let byAge = entries.sorted { lhs, rhs in
            let lhsLocked = lhs.value.isLocked(at: now)
            let rhsLocked = rhs.value.isLocked(at: now)
            if lhsLocked != rhsLocked { return !lhsLocked }
            return lhs.value.lastSeen < rhs.value.lastSeen
        }
        for (key, _) in byAge.prefix(entries.count - target) {
            entries.removeValue(forKey: key)
        }
    }
}
