/// Why a call into Lua did not produce a result.
public struct LuaFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The code raised an error (including a stack overflow).
        case runtime
        /// A chunk did not compile, or was bytecode.
        case syntax
        /// The state reached its memory cap.
        case memory
        /// The call ran its instruction budget.
        case budget
        /// The result could not be converted to JSON, or broke the output contract.
        case output
        /// The engine could not set up a Lua state.
        case engine
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Limit errors can interrupt a policy anywhere, so the state that hit one is not reused.
    var poisonsState: Bool {
        switch kind {
        case .memory, .budget, .engine: true
        case .runtime: message.contains("stack overflow")
        case .syntax, .output: false
        }
    }

    public var description: String { message }
}
