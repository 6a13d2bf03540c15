/// One thing wrong with the rules directory, located as precisely as Lua or the JSON parser
/// allows: `policies/imaging/mri.lua:12: policy: unknown field 'titel'`.
public struct RuleProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Relative to the rules directory.
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    /// A problem from a Lua error message, which starts with `file:line:` when Lua knows where.
    static func fromLua(_ message: String, file: String) -> RuleProblem {
        var text = Substring(message)
        // Messages may name the chunk with or without our prefix; strip "file:" then "line:".
        if text.hasPrefix(file + ":") {
            text = text.dropFirst(file.count + 1)
            let digits = text.prefix { $0.isNumber }
            if !digits.isEmpty, text.dropFirst(digits.count).hasPrefix(":"), let line = Int(digits) {
                let rest = text.dropFirst(digits.count + 1).drop { $0 == " " }
                return RuleProblem(file: file, line: line, message: String(rest))
            }
            return RuleProblem(file: file, message: String(text.drop { $0 == " " }))
        }
        return RuleProblem(file: file, message: message)
    }
}
