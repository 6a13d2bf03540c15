/// A JSON object that remembers the order its members were written in.
///
/// FHIR puts `resourceType` first and readers expect elements in a familiar order, so
/// serializing a parsed resource writes its members back in the same order. Lookups by key
/// stay fast for large objects through an index kept beside the members; small objects
/// (the vast majority in FHIR) are scanned, which is quicker than hashing.
///
/// Equality and hashing ignore order: JSON objects are unordered, so `{"a":1,"b":2}` equals
/// `{"b":2,"a":1}`.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (key: String, value: JSON)

    /// The members in order.
    private var members: [Element]
    /// Position of each key in `members`, kept only once the object is large enough to need it.
    private var index: [String: Int]?

    /// Objects with more members than this keep a hash index.
    private static let indexThreshold = 12

    public init() {
        members = []
        index = nil
    }

    /// An object with these members in this order; a repeated key keeps its first position
    /// and its last value.
    public init(_ pairs: [(String, JSON)]) {
        self.init()
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// An object with these members in this order, for callers that already know the keys are
    /// distinct (a Lua table's, a dictionary's): no search for repeats.
    ///
    /// - Precondition: no key is repeated (checked in debug builds).
    public init(uniqueMembers pairs: [(String, JSON)]) {
        members = pairs.map { (key: $0.0, value: $0.1) }
        index = nil
        rebuildIndex()
        assert(Set(pairs.map(\.0)).count == pairs.count, "repeated key in JSONObject(uniqueMembers:)")
    }

    /// - Precondition: no key is repeated, as with `Dictionary` literals.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init()
        members.reserveCapacity(elements.count)
        for (key, value) in elements {
            precondition(insert(key, value), "duplicate key \"\(key)\" in a JSONObject literal")
        }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
    /// The values in key order.
    public var values: [JSON] { members.map(\.value) }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it,
    /// setting an existing key replaces the value where it stands.
    public subscript(key: String) -> JSON? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    members[position].value = newValue
                } else {
                    append(key, newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes the member for `key` and returns its value, or `nil` when there was none.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = position(of: key) else { return nil }
        let removed = members.remove(at: position).value
        rebuildIndex()
        return removed
    }

    /// The members in order, borrowed: for walks over whole documents (serialization) that
    /// would otherwise copy, and retain, every key and value they pass.
    func withMembers<Result>(_ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
        members.withUnsafeBufferPointer(body)
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        members.makeIterator()
    }

    public var description: String { JSON.object(self).serializedString() }

    /// Adds a member unless the key is already present; `false` when it was. The parser uses
    /// this to reject duplicate keys, which FHIR forbids.
    mutating func insert(_ key: String, _ value: JSON) -> Bool {
        guard position(of: key) == nil else { return false }
        append(key, value)
        return true
    }

    mutating func reserveCapacity(_ capacity: Int) {
        members.reserveCapacity(capacity)
    }

    private mutating func append(_ key: String, _ value: JSON) {
        members.append((key, value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Through the buffer: `firstIndex(where:)` hands the predicate a copy of each member,
        // retaining its key and value, on the path of every lookup.
        return members.withUnsafeBufferPointer { members in
            for position in members.indices where members[position].key == key { return position }
            return nil
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var rebuilt: [String: Int] = [:]
        rebuilt.reserveCapacity(members.count)
        for (position, member) in members.enumerated() {
            rebuilt[member.key] = position
        }
        index = rebuilt
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        // Copies of one object share their storage and are equal without a look inside: a PAS
        // answer finds the entry holding a resource by comparing it with each entry's.
        let shared = lhs.members.withUnsafeBufferPointer { left in
            rhs.members.withUnsafeBufferPointer { right in left.baseAddress == right.baseAddress }
        }
        return shared || lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Hashes the members as a set: each member's hash is summed, so order does not matter.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
