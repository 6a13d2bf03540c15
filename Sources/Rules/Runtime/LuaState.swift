import CLua
import CLuaShim
import FHIR

/// One Lua state with the sandbox, the memory cap and the instruction budget of ``RuleLimits``.
///
/// `@unchecked Sendable`: a `lua_State` must only ever be used by one thread at a time. A
/// `LuaState` is created by ``RuleSet/makeState()`` and then owned exclusively — by the loader
/// until it is handed to a ``LuaStatePool``, and afterwards by the single evaluation that
/// checked it out of the pool's free list (under the pool's mutex) until it checks it back in.
/// Nothing else keeps a reference, so no two tasks ever touch the same state concurrently.
final class LuaState: @unchecked Sendable {
    private let handle: OpaquePointer  // gl_state *
    private let lua: OpaquePointer     // lua_State *
    let limits: RuleLimits
    /// Set after a limit error: the policy may have stopped half way through changing its own
    /// tables, so the pool drops the state instead of reusing it.
    private(set) var isPoisoned = false
    /// The tape each call's input is written to; its buffers are reused from call to call.
    private var scratch = ValueTape()
    /// Encodes the input's deferred members that the policy reads, during the call.
    private let expansions = DeferredExpansions()

    init(limits: RuleLimits) throws(LuaFailure) {
        guard let handle = gl_state_new(limits.memoryCap, Int64(limits.instructionBudget), limits.sandboxed ? 1 : 0) else {
            throw LuaFailure(kind: .engine, message: "could not create a Lua state (memory cap \(limits.memoryCapDescription))")
        }
        self.handle = handle
        self.lua = gl_state_lua(handle)
        self.limits = limits
    }

    deinit { gl_state_close(handle) }

    /// Bytes the state holds now.
    var memoryUsed: Int { gl_memory_used(handle) }

    /// Instructions the last operation ran (to within 1,000).
    var instructionsUsed: Int { Int(gl_instructions_used(handle)) }

    func setGlobal(_ name: String, _ tape: ValueTape) throws(LuaFailure) {
        let status = tape.withUnsafeTape { tape in gl_set_global(handle, name, tape) }
        try check(status, context: "setting \(name)")
    }

    func installPrelude(_ source: String, chunkname: String) throws(LuaFailure) {
        let status = withSource(source) { bytes, count in gl_install_prelude(handle, bytes, count, chunkname) }
        try check(status, context: chunkname)
    }

    /// Runs a chunk in the global environment and returns its first result.
    @discardableResult
    func run(_ source: String, chunkname: String) throws(LuaFailure) -> JSON {
        let status = withSource(source) { bytes, count in gl_run_chunk(handle, bytes, count, chunkname) }
        try check(status, context: chunkname)
        return try result()
    }

    /// Loads a policy file as policy number `index` and returns its metadata.
    func loadPolicy(index: Int, source: [UInt8], chunkname: String) throws(LuaFailure) -> JSON {
        let status = source.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                gl_load_policy(handle, Int32(index), characters.baseAddress, characters.count, chunkname)
            }
        }
        try check(status, context: chunkname)
        return try result()
    }

    /// What ``invoke(index:function:input:unread:)`` returns.
    struct Invocation {
        var output: JSON
        /// Deferred members the policy did not read, sorted: those `input` lacked (the `unread`
        /// given) and those it held (``notRead``).
        var unread: [String]
        /// The paths of the members `input` held that the policy did not read, for
        /// ``InputPath/removing(_:from:)``.
        var notRead: [[InputPath.Step]]
    }

    /// Calls a policy function with the input and returns its result as JSON, with the paths of
    /// the input's deferred members the policy did not read (``ValueTape/deferred``).
    /// `unread` names members `input` lacks because an earlier run did not read them: reading
    /// one fails the call; still unread, they are returned again.
    func invoke(index: Int, function: RuleFunction, input: JSON, unread: [String] = []) throws(LuaFailure) -> Invocation {
        defer { scratch.release() }
        do {
            try scratch.refill(with: input, unread: unread)
        } catch {
            throw LuaFailure(kind: .engine, message: "the input cannot be given to Lua: \(error.description)")
        }
        expansions.begin(scratch.deferred)
        let status = scratch.withUnsafeTape { tape in
            gl_invoke(handle, Int32(index), function.slot, tape, DeferredExpansions.expander, expansions.context)
        }
        expansions.release()
        try check(status, context: "")
        let read = gl_read_mask(handle)
        let notRead = scratch.deferred.enumerated().filter { read & (1 << UInt64($0.offset + 1)) == 0 }.map(\.element)
        return Invocation(output: try result(), unread: (unread + notRead.map(\.path)).sorted(), notRead: notRead.map(\.steps))
    }

    private func withSource<Result>(_ source: String, _ body: (UnsafePointer<CChar>?, Int) -> Result) -> Result {
        var source = source
        return source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress, $0.count) }
        }
    }

    private func result() throws(LuaFailure) -> JSON {
        defer { lua_settop(lua, 0) }
        do {
            return try LuaValueReader(state: handle, lua: lua).read(at: -1)
        } catch {
            throw LuaFailure(kind: .output, message: "the result cannot be converted to JSON: \(error.description)")
        }
    }

    private func check(_ status: Int32, context: String) throws(LuaFailure) {
        guard status != Int32(GL_OK.rawValue) else { return }
        let message = errorMessage()
        lua_settop(lua, 0)
        let failure: LuaFailure
        switch gl_status(rawValue: UInt32(status)) {
        case GL_ERR_BUDGET:
            failure = LuaFailure(kind: .budget, message: message)
        case GL_ERR_MEMORY:
            failure = LuaFailure(kind: .memory, message: "memory cap of \(limits.memoryCapDescription) exceeded")
        case GL_ERR_SYNTAX:
            failure = LuaFailure(kind: .syntax, message: message)
        case GL_ERR_HANDLER:
            failure = LuaFailure(kind: .runtime, message: "error while handling an error (C stack overflow?): \(message)")
        default:
            failure = LuaFailure(kind: .runtime, message: message)
        }
        if failure.poisonsState { isPoisoned = true }
        throw failure
    }

    private func errorMessage() -> String {
        guard lua_gettop(lua) > 0 else { return "unknown error" }
        if lua_type(lua, -1) == LUA_TSTRING {
            return LuaValueReader(state: handle, lua: lua).string(at: -1)
        }
        let name = String(cString: lua_typename(lua, lua_type(lua, -1)))
        return "(error object is a \(name) value)"
    }
}
