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
        // By bytes, in one contiguous buffer: every reference of every request passes through
        // here, and String's views make generic collection algorithms slow.
        var string = string
        guard let address = string.withUTF8(Self.parse) else { return nil }
        self = address
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ResourceAddress? {
        for byte in bytes where byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return nil }
        /// The position of the last `/` before `end`.
        func slash(before end: Int) -> Int? {
            var position = end - 1
            while position >= 0 {
                if bytes[position] == UInt8(ascii: "/") { return position }
                position -= 1
            }
            return nil
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

        // `…/Type/id` or `…/Type/id/_history/version`, read from the end; `idSlash` is the one
        // between Type and id.
        guard var idSlash = slash(before: bytes.count) else { return nil }
        var idRange = idSlash + 1..<bytes.count
        var versionRange: Range<Int>?
        if let historySlash = slash(before: idSlash), let typeSlash = slash(before: historySlash),
            bytes[historySlash + 1..<idSlash].elementsEqual("_history".utf8) {
            versionRange = idRange
            idRange = typeSlash + 1..<historySlash
            idSlash = typeSlash
        }
        let typeStart = slash(before: idSlash).map { $0 + 1 } ?? 0
        if let versionRange, !isValidID(bytes[versionRange]) { return nil }
        guard isValidID(bytes[idRange]) else { return nil }
        let type = text(typeStart..<idSlash)
        guard FHIRResourceType.isKnown(type) else { return nil }
        var baseURL: String?
        if typeStart > 0 {
            // Everything before `/Type`, as written.
            let base = text(0..<typeStart - 1)
            guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.utf8.count > "https://".utf8.count else { return nil }
            baseURL = base
        }
        return ResourceAddress(baseURL: baseURL, type: type, id: text(idRange), version: versionRange.map(text))
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

    /// FHIR's `id` syntax: 1-64 of `A-Z a-z 0-9 - .`.
    static func isValidID(_ id: String) -> Bool { isValidID(id.utf8) }

    static func isValidID<Bytes: Collection<UInt8>>(_ id: Bytes) -> Bool {
        (1...64).contains(id.count)
            && id.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
    }
}
