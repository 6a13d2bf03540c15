extension SMARTScope {
    /// SMART v2 permissions: create, read, update, delete, search.
    ///
    /// v1's `read` is `rs` and `write` is `cud`, which is how both spellings meet in one value.
    public struct Permissions: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let c = Permissions(rawValue: 1 << 0)
        public static let r = Permissions(rawValue: 1 << 1)
        public static let u = Permissions(rawValue: 1 << 2)
        public static let d = Permissions(rawValue: 1 << 3)
        public static let s = Permissions(rawValue: 1 << 4)

        /// v1 `read`: read and search.
        public static let read: Permissions = [.r, .s]
        /// v1 `write`: create, update, delete.
        public static let write: Permissions = [.c, .u, .d]
        /// v1 `*`, v2 `cruds`.
        public static let all: Permissions = [.c, .r, .u, .d, .s]

        /// The letters in SMART's required order, paired with their permission.
        static let ordered: [(Character, Permissions)] = [("c", .c), ("r", .r), ("u", .u), ("d", .d), ("s", .s)]

        /// The v2 letters, e.g. `rs`.
        public var letters: String {
            String(Self.ordered.filter { contains($0.1) }.map(\.0))
        }

        public var description: String { letters }

        /// Parses v2 letters: a non-empty subsequence of `cruds`, in that order, each at most once
        /// (SMART v2 §scopes: `sr` or `rr` are not valid).
        public init?(v2Letters text: Substring) {
            guard !text.isEmpty else { return nil }
            var result: Permissions = []
            var next = Self.ordered.startIndex
            for letter in text {
                guard let found = Self.ordered[next...].firstIndex(where: { $0.0 == letter }) else { return nil }
                result.insert(Self.ordered[found].1)
                next = found + 1
            }
            self = result
        }
    }
}
