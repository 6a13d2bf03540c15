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
    /// The members encoded only when a policy reads them (``defers(_:as:)``), by deferral
    /// id − 1: an EXTERNAL op stands in their place, and ``DeferredExpansions`` encodes them.
    private(set) var deferred: [DeferredMember] = []

    struct DeferredMember: Sendable {
        /// Where it is in the value (`patient.resource`, `member.prior_authorizations`), as text
        /// for records and as steps for ``InputPath/removing(_:from:)``.
        var path: String
        var steps: [InputPath.Step]
        var value: JSON
        /// How deep in the value it is, so its own nesting counts toward ``maximumDepth``.
        var depth: Int
    }

    /// Members encoded and built on first read (``defers(_:as:)``): most of an input's tables
    /// are its FHIR resources and the member's history, which most policies never read. The
    /// first such member of an object is deferred (C keeps one per table), up to 63 per tape
    /// (one bit each in the read mask), and only in a call's input (``refill(with:unread:)``):
    /// a deferred member is encoded by the call's caller, and a global has none.
    static let maximumDeferred = 63

    /// The path of the value being appended, kept in a call's input only (``refill(with:unread:)``).
    private var path: [InputPath.Step] = []
    /// Members the value does not hold that a policy must not read as absent, by their
    /// parent's path: a replayed record's unread members (see ``refill(with:unread:)``).
    private var traps: [String: [String]] = [:]

    /// Deepest nesting accepted; FHIR resources are far shallower, and the C builder recurses.
    static let maximumDepth = 200

    /// An empty tape to ``refill(with:unread:)``.
    init() {}

    /// A tape of `value` in full, nothing deferred: for a global (``LuaState/setGlobal(_:_:)``).
    init(_ value: JSON) throws(RuleValueError) {
        try append(value, depth: 0, tracking: false)
    }

    /// A tape of a deferred member, for ``DeferredExpansions``.
    init(deferred member: DeferredMember) throws(RuleValueError) {
        try append(member.value, depth: member.depth, tracking: false)
    }

    /// Replaces the contents with `value`, a call's input, keeping the buffers' capacity. After
    /// an error the tape holds a partial value and must be refilled before use.
    ///
    /// `unread` names members a recorded evaluation's policy did not read, which its record
    /// left out: each is put back as a trap, so a policy that reads one stops with an error
    /// naming it instead of deciding as if the member were absent.
    mutating func refill(with value: JSON, unread: [String] = []) throws(RuleValueError) {
        ops.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        deferred.removeAll(keepingCapacity: true)
        path.removeAll(keepingCapacity: true)
        traps = [:]
        for member in unread {
            guard var steps = InputPath.steps(member), case .key(let key) = steps.removeLast(),
                let parent = steps.isEmpty ? "" : InputPath.text(steps)
            else { continue }
            traps[parent, default: []].append(key)
        }
        try append(value, depth: 0, tracking: true)
    }

    /// Ends a call: drops the deferred members' values, so a pooled state does not keep a
    /// request's data alive, and lets go of buffers a very large input grew, so one big request
    /// does not pin its memory to the state for good.
    mutating func release() {
        deferred.removeAll(keepingCapacity: true)
        if ops.capacity > 16_384 { ops = [] }
        if bytes.capacity > 1 << 20 { bytes = [] }
    }

    /// `tracking`: in a call's input (``refill(with:unread:)``), where paths are kept and members may
    /// be deferred; not in a global's value or a deferred member's own tape.
    private mutating func append(_ value: JSON, depth: Int, tracking: Bool) throws(RuleValueError) {
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
                if tracking { path.append(.index(position)) }
                do throws(RuleValueError) {
                    try append(element, depth: depth + 1, tracking: tracking)
                } catch {
                    throw error.prefixed("[\(position + 1)]")
                }
                if tracking { path.removeLast() }
            }
        case .object(let object):
            let here = tracking && !traps.isEmpty ? InputPath.text(path) : nil
            let missing = here.flatMap { traps[$0] }?.filter { object[$0] == nil } ?? []
            ops.append(gl_op(kind: Int64(GL_OP_OBJECT), a: Int64(object.count + missing.count), b: 0))
            // A trap takes the object's one deferred member.
            var deferredOne = !missing.isEmpty
            for (key, member) in object {
                appendString(key)
                if tracking { path.append(.key(key)) }
                if tracking, !deferredOne, deferred.count < Self.maximumDeferred, Self.defers(member, as: key),
                    let named = InputPath.text(path) {
                    deferredOne = true
                    deferred.append(DeferredMember(path: named, steps: path, value: member, depth: depth + 1))
                    ops.append(gl_op(kind: Int64(GL_OP_EXTERNAL), a: Int64(deferred.count - 1), b: Int64(deferred.count)))
                } else {
                    do throws(RuleValueError) {
                        try append(member, depth: depth + 1, tracking: tracking)
                    } catch {
                        throw error.prefixed(".\(key)")
                    }
                }
                if tracking { path.removeLast() }
            }
            for key in missing {
                appendString(key)
                let member = here?.isEmpty ?? true ? key : "\(here ?? "").\(key)"
                appendText(
                    "the record does not hold \(member): the policy version that made it did not read it",
                    kind: GL_OP_TRAP)
            }
        }
    }

    /// Whether `member`, under `key`, is built only when read: a non-empty FHIR resource under
    /// `resource`, a non-empty history under `prior_authorizations` (and, as the caller checks,
    /// at a path a record can name).
    private static func defers(_ member: JSON, as key: String) -> Bool {
        // A switch rather than a dictionary of names: this runs for every member of every
        // object outside deferred values, and hashing each key cost more than the test.
        let wantsArray: Bool
        switch key {
        case "resource": wantsArray = false
        case "prior_authorizations": wantsArray = true
        default: return false
        }
        switch member {
        case .array(let elements): return wantsArray && !elements.isEmpty
        case .object(let object): return !wantsArray && !object.isEmpty
        default: return false
        }
    }

    private mutating func appendString(_ string: String) {
        appendText(string, kind: GL_OP_STRING)
    }

    private mutating func appendText(_ string: String, kind: Int) {
        let offset = bytes.count
        // Native Swift strings are contiguous UTF-8: copy them in one go rather than through
        // the generic `append(contentsOf:)` over the UTF-8 view.
        var string = string
        string.withUTF8 { utf8 in bytes.append(contentsOf: utf8) }
        ops.append(gl_op(kind: Int64(kind), a: Int64(offset), b: Int64(bytes.count - offset)))
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
