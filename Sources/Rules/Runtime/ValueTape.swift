import CLuaShim
import FHIR

/// A JSON value flattened for the C side to build as Lua tables.
///
/// Building tables calls Lua functions that allocate, and an allocation past the memory cap
/// raises a Lua error (a longjmp). Swift therefore never builds tables itself: it writes this
/// tape — plain structs and bytes, no Lua — and `gl_invoke`/`gl_set_global` turn it into
/// tables inside a protected call. A tape built at load time (a value set, a data table)
/// serves every state in the pool; each state also keeps one scratch tape that it refills for
/// every call's input, so the hot path reuses its buffers instead of allocating new ones.
struct ValueTape: Sendable {
    private(set) var ops: [gl_op] = []
    private(set) var bytes: [UInt8] = []

    /// Deepest nesting accepted; FHIR resources are far shallower, and the C builder recurses.
    static let maximumDepth = 200

    /// An empty tape to ``refill(with:)``.
    init() {}

    init(_ value: JSON) throws(RuleValueError) {
        try refill(with: value)
    }

    /// Replaces the contents with `value`, keeping the buffers' capacity. After an error the
    /// tape holds a partial value and must be refilled before use.
    mutating func refill(with value: JSON) throws(RuleValueError) {
        ops.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        try append(value, depth: 0)
    }

    /// Lets go of buffers a very large input grew, so one big request does not pin its memory
    /// to a pooled state for good.
    mutating func releaseLargeBuffers() {
        if ops.capacity > 16_384 { ops = [] }
        if bytes.capacity > 1 << 20 { bytes = [] }
    }

    private mutating func append(_ value: JSON, depth: Int) throws(RuleValueError) {
        guard depth <= Self.maximumDepth else {
            throw RuleValueError(path: "", message: "nested more than \(Self.maximumDepth) levels deep")
        }
        switch value {
        case .null: ops.append(gl_op(kind: Int64(GL_OP_NULL), a: 0, b: 0))
        case .bool(let flag): ops.append(gl_op(kind: Int64(flag ? GL_OP_TRUE : GL_OP_FALSE), a: 0, b: 0))
        case .number(let number):
            // Whole numbers written without a point or exponent are Lua integers; the rest floats.
            if let integer = Int64(number.literal) {
                ops.append(gl_op(kind: Int64(GL_OP_INTEGER), a: integer, b: 0))
            } else {
                let double = number.double
                guard double.isFinite else {
                    throw RuleValueError(path: "", message: "the number \(number.literal) is out of range")
                }
                ops.append(gl_op(kind: Int64(GL_OP_NUMBER), a: Int64(bitPattern: double.bitPattern), b: 0))
            }
        case .string(let string): appendString(string)
        case .array(let elements):
            ops.append(gl_op(kind: Int64(GL_OP_ARRAY), a: Int64(elements.count), b: 0))
            for (position, element) in elements.enumerated() {
                do throws(RuleValueError) {
                    try append(element, depth: depth + 1)
                } catch {
                    throw error.prefixed("[\(position + 1)]")
                }
            }
        case .object(let object):
            ops.append(gl_op(kind: Int64(GL_OP_OBJECT), a: Int64(object.count), b: 0))
            for (key, member) in object {
                appendString(key)
                do throws(RuleValueError) {
                    try append(member, depth: depth + 1)
                } catch {
                    throw error.prefixed(".\(key)")
                }
            }
        }
    }

    private mutating func appendString(_ string: String) {
        let offset = bytes.count
        // Native Swift strings are contiguous UTF-8: copy them in one go rather than through
        // the generic `append(contentsOf:)` over the UTF-8 view.
        var string = string
        string.withUTF8 { utf8 in bytes.append(contentsOf: utf8) }
        ops.append(gl_op(kind: Int64(GL_OP_STRING), a: Int64(offset), b: Int64(bytes.count - offset)))
    }

    /// Lends the tape to C for the duration of `body`.
    func withUnsafeTape<Result>(_ body: (UnsafePointer<gl_tape>) -> Result) -> Result {
        ops.withUnsafeBufferPointer { opBuffer in
            bytes.withUnsafeBufferPointer { byteBuffer in
                byteBuffer.withMemoryRebound(to: CChar.self) { characters in
                    var tape = gl_tape(
                        ops: opBuffer.baseAddress, count: opBuffer.count,
                        bytes: characters.baseAddress, length: characters.count)
                    return withUnsafePointer(to: &tape) { body($0) }
                }
            }
        }
    }
}
