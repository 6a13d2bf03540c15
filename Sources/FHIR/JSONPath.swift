/// A dotted member path (`dispenseRequest.performer`, `item[0].productOrService`,
/// `name.0.family`), read once: code that looks the same paths up on every request keeps them
/// as `static let`s instead of splitting the text each time.
///
/// Each step names an object member, optionally followed by `[n]` (or a step `n`) to pick an
/// array element; `JSON.value(at:)` and `JSON.values(at:)` take either form.
public struct JSONPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One step: a member (when named), then array elements by index.
    struct Step: Sendable, Hashable {
        var key: String?
        var indexes: [Int]
    }

    let steps: [Step]
    public let description: String

    public init(_ path: String) {
        description = path
        steps = Self.steps(of: path)
    }

    public init(stringLiteral path: String) {
        self.init(path)
    }

    /// `a.b[2].c` → a; b then element 2; c. A step of only digits indexes the step before it.
    private static func steps(of path: String) -> [Step] {
        // Most paths are member names alone ("dispenseRequest.performer"): no index parsing.
        if !path.utf8.contains(where: { $0 == UInt8(ascii: "[") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // By bytes: `String.split` walks Characters, and CRD reads each order through a
            // dozen of these. A single name is the one step.
            guard path.utf8.contains(UInt8(ascii: ".")) else { return path.isEmpty ? [] : [Step(key: path, indexes: [])] }
            return path.utf8.split(separator: UInt8(ascii: ".")).map { Step(key: String(Substring($0)), indexes: []) }
        }
        var steps: [Step] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indexes: [Int] = []
            while name.utf8.last == UInt8(ascii: "]"), let open = name.lastIndex(of: "["),
                let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
            {
                indexes.insert(index, at: 0)
                name = name[..<open]
            }
            if let first = name.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), let index = Int(name) {
                if steps.isEmpty { steps.append(Step(key: nil, indexes: [])) }
                steps[steps.count - 1].indexes += [index] + indexes
            } else {
                steps.append(Step(key: name.isEmpty ? nil : String(name), indexes: indexes))
            }
        }
        return steps
    }
}
