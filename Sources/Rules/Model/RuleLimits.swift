import Foundation

/// What one policy call may use. Exceeding either limit ends the call with an error; the
/// process and the other states carry on.
public struct RuleLimits: Sendable, Hashable {
    /// Lua VM instructions per call (and per policy file at load). A million runs in a few
    /// milliseconds; real policies use a few thousand.
    public var instructionBudget: Int
    /// Bytes one Lua state may hold: the library, value sets, data, every policy and one call's
    /// garbage.
    public var memoryCap: Int
    /// `false` only for the benchmark's baseline: all standard libraries, no hook, no cap.
    @_spi(Benchmark) public var sandboxed: Bool = true

    public init(instructionBudget: Int = 1_000_000, memoryCap: Int = 32 << 20) {
        self.instructionBudget = instructionBudget
        self.memoryCap = memoryCap
    }

    var memoryCapDescription: String {
        if memoryCap % (1 << 20) == 0 { return "\(memoryCap >> 20) MiB" }
        return String(format: "%.2f MiB", Double(memoryCap) / Double(1 << 20))
    }
}
