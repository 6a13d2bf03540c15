/// A value that cannot cross between JSON and Lua: a function in a result, a table mixing list
/// items and named fields, NaN, a cycle. `path` locates it (`.reasons[2].code`).
public struct RuleValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    func prefixed(_ component: String) -> RuleValueError {
        RuleValueError(path: component + path, message: message)
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
