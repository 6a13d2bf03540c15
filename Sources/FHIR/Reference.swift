/// A link from one resource to another: `{"reference": "Patient/123", "display": "Amy Shaw"}`.
///
/// The `reference` string takes several forms, each resolved differently (see
/// ``FHIRBundle/resolve(reference:from:)``): relative `Patient/123`, absolute
/// `http://example.org/fhir/Patient/123`, a `urn:uuid:` naming a Bundle entry, or `#id`
/// naming a resource contained in the referring one. A reference may also carry only an
/// `identifier` (a logical reference) when the target has no address.
public struct Reference: Sendable, Hashable {
    public var reference: String?
    /// The target's resource type when the reference string does not say (e.g. logical references).
    public var type: String?
    public var identifier: Identifier?
    public var display: String?

    public init(reference: String? = nil, type: String? = nil, identifier: Identifier? = nil, display: String? = nil) {
        self.reference = reference
        self.type = type
        self.identifier = identifier
        self.display = display
    }

    /// A relative reference to `address` (`Type/id`, with its base when it has one).
    public init(_ address: ResourceAddress, display: String? = nil) {
        self.init(reference: address.description, display: display)
    }

    /// `nil` when `json` is not an object.
    public init?(json: JSON) {
        guard json.object != nil else { return nil }
        self.init(
            reference: json["reference"]?.string,
            type: json["type"]?.string,
            identifier: json["identifier"].flatMap(Identifier.init(json:)),
            display: json["display"]?.string)
    }

    public var json: JSON {
        var json: JSON = [:]
        if let reference { json["reference"] = .string(reference) }
        if let type { json["type"] = .string(type) }
        if let identifier { json["identifier"] = identifier.json }
        if let display { json["display"] = .string(display) }
        return json
    }

    /// Whether the reference points into the referring resource's `contained` list (`#id`).
    public var isContained: Bool {
        reference?.hasPrefix("#") ?? false
    }

    /// The id after `#` for a contained reference (empty for `#`, which means the container itself).
    public var containedID: String? {
        guard let reference, reference.hasPrefix("#") else { return nil }
        return String(reference.dropFirst())
    }

    /// Whether the reference is a `urn:uuid:`, as Bundles use for entries without a server address.
    public var isUUID: Bool {
        reference?.lowercased().hasPrefix("urn:uuid:") ?? false
    }

    /// Whether the reference is an absolute URI (`http:`, `https:`, `urn:` …) rather than
    /// relative to a server base or to the referring resource.
    public var isAbsolute: Bool {
        // By bytes: RFC 3986's scheme is ASCII, `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
        guard let bytes = reference?.utf8, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = bytes[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        guard let first = scheme.first, isLetter(first) else { return false }
        return scheme.allSatisfy { byte in
            isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    /// The reference split into base, type, id and version when it is a RESTful one
    /// (`Patient/123`, `http://example.org/fhir/Patient/123/_history/2`).
    public var address: ResourceAddress? {
        reference.flatMap(ResourceAddress.init)
    }

    /// The target's resource type, from the reference string or else from `type`.
    public var resourceType: String? {
        address?.type ?? type
    }

    /// The target's id, when the reference string is a RESTful address.
    public var resourceID: String? {
        address?.id
    }
}
