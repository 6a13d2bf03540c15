extension SMARTScope {
    /// Parses one scope: v2 `system/Claim.cruds` (any in-order subset of the letters) or v1
    /// `system/Claim.read`, `.write`, `.*`. The resource type is `*` or a FHIR type name.
    ///
    /// v2 granular scopes with a query (`system/Observation.rs?category=…`) are refused: this
    /// server does not enforce the query, and accepting it would grant more than was meant.
    public init?(_ text: String) {
        // `utf8.contains`, not Foundation's substring search: every request's token is read here.
        guard !text.utf8.contains(UInt8(ascii: "?")), let slash = text.firstIndex(of: "/") else { return nil }
        guard let context = Context(rawValue: String(text[..<slash])) else { return nil }
        let rest = text[text.index(after: slash)...]
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let type = rest[..<dot]
        let action = rest[rest.index(after: dot)...]
        guard Self.isResourceType(type) else { return nil }
        let permissions: Permissions
        switch action {
        case "read": permissions = .read
        case "write": permissions = .write
        case "*": permissions = .all
        default:
            guard let letters = Permissions(v2Letters: action) else { return nil }
            permissions = letters
        }
        self.init(context: context, resourceType: String(type), permissions: permissions)
    }

    /// Parses a space-separated list (an OAuth `scope` parameter), keeping what did not parse.
    public static func parseList(_ text: String) -> (scopes: [SMARTScope], invalid: [String]) {
        var scopes: [SMARTScope] = []
        var invalid: [String] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if let scope = SMARTScope(String(token)) {
                scopes.append(scope)
            } else {
                invalid.append(String(token))
            }
        }
        return (scopes, invalid)
    }

    /// `*` or `[A-Z][A-Za-z]*`, the shape of every FHIR resource type name.
    static func isResourceType(_ text: Substring) -> Bool {
        if text == "*" { return true }
        guard let first = text.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }
    }
}
