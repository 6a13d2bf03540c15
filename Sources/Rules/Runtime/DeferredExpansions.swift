import CLuaShim

/// Encodes a call's deferred members (``ValueTape/deferred``) when its policy reads one: the
/// `gl_expander` of `gl_invoke`.
///
/// Each expansion gets buffers of its own, held until the call ends (``release()``): C builds
/// from them after the expander returns, and a policy's `__gc` finalizer, run by an allocation
/// during that build, can read another deferred member — a shared buffer would be overwritten
/// under the build. A member once built is part of its table for the rest of the call, so what
/// this holds is about the size of the members the policy read.
///
/// One per ``LuaState``, used by one call at a time like the state itself.
final class DeferredExpansions {
    private var members: [ValueTape.DeferredMember] = []
    /// What C builds from, and the messages of members that could not be encoded.
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    /// Readies the expansions for a call whose input deferred `members`.
    func begin(_ members: [ValueTape.DeferredMember]) {
        self.members = members
    }

    /// Frees every expansion's buffers once the call is over and drops the members' values.
    func release() {
        for buffer in buffers { buffer.deallocate() }
        buffers.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
    }

    deinit { release() }

    /// The expander handed to `gl_invoke`, with ``context`` as its context.
    static let expander: gl_expander = { context, index, member in
        guard let context, let member else { return nil }
        return Unmanaged<DeferredExpansions>.fromOpaque(context).takeUnretainedValue().expand(Int(index), into: member)
    }

    /// The context for ``expander``: valid while this object lives.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    private func expand(_ index: Int, into member: UnsafeMutablePointer<gl_tape>) -> UnsafePointer<CChar>? {
        guard members.indices.contains(index) else { return keep("no deferred member \(index)") }
        let tape: ValueTape
        do {
            tape = try ValueTape(deferred: members[index])
        } catch {
            return keep(error.description)
        }
        let ops = copy(tape.ops)
        let bytes = copy(tape.bytes)
        member.pointee = gl_tape(
            ops: ops.baseAddress?.assumingMemoryBound(to: gl_op.self), count: tape.ops.count,
            bytes: bytes.baseAddress?.assumingMemoryBound(to: CChar.self), length: tape.bytes.count)
        return nil
    }

    /// A copy of `elements` that lives until ``release()``.
    private func copy<Element>(_ elements: [Element]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(1, elements.count * MemoryLayout<Element>.stride), alignment: MemoryLayout<Element>.alignment)
        elements.withUnsafeBytes { source in buffer.copyMemory(from: source) }
        buffers.append(buffer)
        return buffer
    }

    /// `message` as a C string that lives until ``release()``.
    private func keep(_ message: String) -> UnsafePointer<CChar> {
        let utf8 = Array(message.utf8) + [0]
        return UnsafePointer(copy(utf8).baseAddress!.assumingMemoryBound(to: CChar.self))
    }
}
