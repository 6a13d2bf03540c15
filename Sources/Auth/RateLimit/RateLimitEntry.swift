import Foundation

/// The state kept for one rate-limit key: a token bucket and recent failures.
struct RateLimitEntry: Sendable {
    var tokens: Double
    var refilledAt: Date
    /// Times of failures still inside the failure window, oldest first (at most the lockout count).
    var failures: [Date] = []
    var lockedUntil: Date?
    var lastSeen: Date

    init(capacity: Double, now: Date) {
        tokens = capacity
        refilledAt = now
        lastSeen = now
    }

    /// Adds the tokens earned since the last refill, up to `capacity`. A clock that moved
    /// backwards earns nothing rather than draining the bucket.
    mutating func refill(now: Date, capacity: Double, perSecond: Double) {
        let elapsed = max(0, now.timeIntervalSince(refilledAt))
        tokens = min(capacity, tokens + elapsed * perSecond)
        refilledAt = now
    }

    func isLocked(at now: Date) -> Bool {
        if let lockedUntil, lockedUntil > now { return true }
        return false
    }

    /// Nothing worth remembering: a full bucket, no lockout, no failure inside the window.
    func isIdle(at now: Date, capacity: Double, perSecond: Double, failureWindow: TimeInterval) -> Bool {
        let elapsed = max(0, now.timeIntervalSince(refilledAt))
        let full = tokens + elapsed * perSecond >= capacity
        let recentFailure = failures.last.map { now.timeIntervalSince($0) < failureWindow } ?? false
        return full && !isLocked(at: now) && !recentFailure
    }
}
