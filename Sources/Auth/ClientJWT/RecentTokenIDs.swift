import Foundation
import Synchronization

/// The JWT ids this process accepted lately and has not necessarily written yet: the fast
/// first check for CDS Hooks calls, whose ids are written with the call's log entry
/// (``JTIRecording/withAnswer``). The store's unique row remains the guard that counts — a
/// replay this memory misses (after a restart, from another process) fails that write — this
/// only refuses the common replay before any work is done.
///
/// Bounded: an id is remembered for `window` or until `capacity` newer ones push it out.
/// A lock rather than an actor: one dictionary update per call, never suspending.
final class RecentTokenIDs: Sendable {
    private struct State {
        var seen: [String: ContinuousClock.Instant] = [:]
        /// Insertion order, for forgetting the oldest first.
        var order: [(key: String, at: ContinuousClock.Instant)] = []
        var head = 0
    }

    private let state = Mutex(State())
    let window: Duration
    let capacity: Int

    init(window: Duration = .seconds(600), capacity: Int = 200_000) {
        self.window = window
        self.capacity = capacity
    }

    /// Remembers `jti` of `issuer`; `false` when it is already remembered.
    func insert(_ jti: String, issuer: String) -> Bool {
        let key = issuer + "\u{0}" + jti
        let now = ContinuousClock.now
        return state.withLock { state in
            forgetOld(&state, now: now)
            guard state.seen[key] == nil else { return false }
            state.seen[key] = now
            state.order.append((key, now))
            return true
        }
    }

    private func forgetOld(_ state: inout State, now: ContinuousClock.Instant) {
        while state.head < state.order.count,
            now - state.order[state.head].at > window || state.order.count - state.head > capacity
        {
            let oldest = state.order[state.head]
            if state.seen[oldest.key] == oldest.at { state.seen[oldest.key] = nil }
            state.head += 1
        }
        // Compact now and then rather than shifting the array on every removal.
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
