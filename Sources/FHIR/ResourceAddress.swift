/// Where a resource lives in RESTful FHIR terms: `[base/]Type/id[/_history/version]`.
///
/// References (`"Patient/123"`) and Bundle `fullUrl`s (`"http://example.org/fhir/Patient/123"`)
/// both use this form; splitting it is how a reference is matched to the entry it points to.
public struct ResourceAddress: Sendable, Hashable, CustomStringConvertible {
    /// The server base without a trailing slash (`http://example.org/fhir`), or `nil` for a
    /// relative address.
    public var baseURL: String?
    public var type: String
    public var id: String
    public var version: String?

    public init(baseURL: String? = nil, type: String, id: String, version: String? = nil) {
        self.baseURL = baseURL
        self.type = type
        self.id = id
        self.version = version
    }

    /// Splits a RESTful address as FHIR's reference pattern describes it, or returns `nil`:
    /// `((http|https)://…/)?Type/id(/_history/version)?` where `Type` is a FHIR R4 resource
    /// type and `id`/`version` are 1-64 of `A-Z a-z 0-9 - .`. Search URLs (`Patient?name=x`),
    /// URNs and fragments are not addresses.
    public init?(_ string: String) {
        // By bytes: every reference of every hook request passes through here.
        let bytes = string.utf8
        guard !bytes.contains(UInt8(ascii: "?")), !bytes.contains(UInt8(ascii: "#")) else { return nil }
        var parts = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var version: String?
        if parts.count >= 4, parts[parts.count - 2].elementsEqual("_history".utf8) {
            let written = String(decoding: parts.removeLast(), as: UTF8.self)
            parts.removeLast()
            guard Self.isValidID(written) else { return nil }
            version = written
        }
        guard parts.count >= 2 else { return nil }
        let id = String(decoding: parts.removeLast(), as: UTF8.self)
        let typePart = parts.removeLast()
        let type = String(decoding: typePart, as: UTF8.self)
        guard Self.isValidID(id), FHIRResourceType.isKnown(type) else { return nil }
        var baseURL: String?
        if !parts.isEmpty {
            // Everything before `/Type`, sliced from the string rather than joined again.
            // By bytes too: a Substring's `dropLast` finds the last Character (grapheme rules).
            let base = String(decoding: bytes[..<typePart.startIndex].dropLast(), as: UTF8.self)
            guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.utf8.count > "https://".utf8.count else { return nil }
            baseURL = base
        }
        self.init(baseURL: baseURL, type: type, id: id, version: version)
    }

    /// `Type/id`, without base or version.
    public var relative: String { "\(type)/\(id)" }

    /// The same address without its version.
    public var unversioned: ResourceAddress {
        ResourceAddress(baseURL: baseURL, type: type, id: id)
    }

    /// The same address resolved against `baseURL` (unchanged if it already has one).
    public func resolved(against baseURL: String) -> ResourceAddress {
        var address = self
        if address.baseURL == nil {
            address.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
        return address
    }

    /// The address as written: `[base/]Type/id[/_history/version]`.
    public var description: String {
        var text = relative
        if let baseURL { text = "\(baseURL)/\(text)" }
        if let version { text += "/_history/\(version)" }
        return text
    }

    static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
    }
}
