/// A code a policy can govern: a code system and a code (CPT 72148, a HCPCS code, …).
public struct RuleService: Sendable, Hashable, CustomStringConvertible {
    public var system: String
    public var code: String

    public init(system: String, code: String) {
        self.system = system
        self.code = code
    }

    /// The two spellings of the HCPCS system (https, and the http one older EHRs send) are one
    /// system; surrounding spaces never matter.
    var key: String {
        var system = system.trimmingWhitespace()
        if system == "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets" {
            system = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
        }
        return system + "|" + code.trimmingWhitespace()
    }

    public var description: String { "\(system)|\(code)" }
}

extension String {
    func trimmingWhitespace() -> String {
        // Codes and systems almost never carry spaces: printable ASCII at both ends is kept as is.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
