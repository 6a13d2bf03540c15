/// A canonical reference, `url` or `url|version` (FHIR R4 canonical).
public struct Canonical: Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var version: String?

    public init(url: String, version: String? = nil) {
        self.url = url
        self.version = version
    }

    /// Splits at the last `|`; an empty version counts as none.
    public init(_ text: String) {
        if let bar = text.lastIndex(of: "|") {
            url = String(text[..<bar])
            let after = String(text[text.index(after: bar)...])
            version = after.isEmpty ? nil : after
        } else {
            url = text
            version = nil
        }
    }

    public var description: String { version.map { "\(url)|\($0)" } ?? url }
}
