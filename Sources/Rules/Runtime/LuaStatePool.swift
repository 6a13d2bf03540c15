import Synchronization

/// Lua states for one rule set, one per concurrent evaluation.
///
/// A `lua_State` serves one thread at a time, so each evaluation checks a state out of the
/// free list, uses it without any lock held, and checks it back in. The mutex guards only the
/// free list (a pop and a push), so evaluations never wait on each other: when the list is
/// empty a new state is built (a few milliseconds). At most `capacity` idle states are kept.
final class LuaStatePool: Sendable {
    let ruleSet: RuleSet
    let capacity: Int
    private let idle: Mutex<[LuaState]>

    init(ruleSet: RuleSet, first: LuaState?, capacity: Int) {
        self.ruleSet = ruleSet
        self.capacity = max(1, capacity)
        self.idle = Mutex(first.map { [$0] } ?? [])
    }

    /// Runs `body` with a state of its own. A state that hit a limit, or holds more than three
    /// quarters of its memory cap, is closed rather than reused.
    func withState<Result>(_ body: (LuaState) throws(LuaFailure) -> Result) throws(LuaFailure) -> Result {
        let state: LuaState
        if let reused = idle.withLock({ $0.popLast() }) {
            state = reused
        } else {
            state = try ruleSet.makeState()
        }
        defer { checkIn(state) }
        return try body(state)
    }

    private func checkIn(_ state: LuaState) {
        guard !state.isPoisoned, state.memoryUsed < state.limits.memoryCap / 4 * 3 || !state.limits.sandboxed else {
            return
        }
        idle.withLock { states in
            if states.count < capacity { states.append(state) }
        }
    }

    /// Builds states up front so the first requests do not pay for it.
    func prewarm(_ count: Int) {
        let missing = idle.withLock { max(0, min(count, capacity) - $0.count) }
        var built: [LuaState] = []
        for _ in 0..<missing {
            guard let state = try? ruleSet.makeState() else { break }
            built.append(state)
        }
        idle.withLock { states in
            for state in built where states.count < capacity { states.append(state) }
        }
    }

    var idleCount: Int { idle.withLock { $0.count } }
}
