import Synchronization

/// One value read from the database and kept in memory for a while: the directory tables that
/// change a few times a year (payers, plans, registered clients) but are read on every hook
/// call and every signed request.
///
/// This process's own writes call ``invalidate()`` so they are seen at once; a change made by
/// another process writing the same file (the `greenlight` command line beside a running
/// server) is invalidated by the store's ``ForeignWriteWatcher``. A value older than `freshness`
/// is read again in any case (the store passes a day, or zero to read every time).
///
/// A lock rather than an actor: the hot path is a lookup that never suspends, and an actor hop
/// would cost more than the read it saves.
final class CachedValue<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: ContinuousClock.Instant = .now
        /// Bumped by every invalidation, so a load that began before one does not store its
        /// (possibly stale) result after it.
        var generation = 0
    }

    private let state = Mutex(State())
    let freshness: Duration

    init(freshness: Duration) {
        self.freshness = freshness
    }

    /// The cached value while fresh; otherwise `load()`'s, kept for next time.
    func value(_ load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state -> (Value?, Int) in
            guard let value = state.value, now - state.loadedAt < freshness else { return (nil, state.generation) }
            return (value, state.generation)
        }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { state in
            guard state.generation == generation else { return }
            state.value = loaded
            state.loadedAt = now
        }
        return loaded
    }

    func invalidate() {
        state.withLock { state in
            state.value = nil
            state.generation += 1
        }
    }
}
