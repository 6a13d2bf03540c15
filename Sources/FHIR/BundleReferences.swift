/// A Bundle's entries read once and indexed by `fullUrl` and by `Type/id`, for resolving the
/// references between them without walking the entries again for each one: a PAS request
/// resolves a few dozen. The rules are FHIR R4's (§2.36.4.1), as
/// ``FHIRBundle/resolve(reference:from:)`` describes them.
public struct BundleReferences: Sendable, Hashable {
    /// The entries in order.
    public let entries: [FHIRBundle.Entry]
    /// Positions in `entries` by exact `fullUrl`.
    private let byFullURL: [String: [Int]]
    /// Positions of the entries with a resource, by the resource's `Type/id`.
    private let byAddress: [String: [Int]]
    /// The RESTful base of each entry's `fullUrl`; `nil` for a `urn:` or other non-RESTful one.
    private let bases: [String: String?]

    public init(_ bundle: FHIRBundle) {
        entries = bundle.entries
        var byFullURL: [String: [Int]] = [:]
        var byAddress: [String: [Int]] = [:]
        var bases: [String: String?] = [:]
        for (position, entry) in entries.enumerated() {
            if let fullUrl = entry.fullUrl {
                byFullURL[fullUrl, default: []].append(position)
                bases[fullUrl] = .some(ResourceAddress(fullUrl)?.baseURL)
            }
            if let resource = entry.resource, let type = resource.resourceType, let id = resource.id {
                byAddress["\(type)/\(id)", default: []].append(position)
            }
        }
        self.byFullURL = byFullURL
        self.byAddress = byAddress
        self.bases = bases
    }

    /// The resource `reference` names, seen from `entry` (contained resources included).
    public func resolve(_ reference: Reference, from entry: FHIRBundle.Entry?) -> JSON? {
        if let id = reference.containedID {
            guard let container = entry?.resource else { return nil }
            if id.isEmpty { return container }
            return container["contained"]?.array?.first { $0.id == id }
        }
        return position(of: reference, from: entry).flatMap { entries[$0].resource }
    }

    /// Where in ``entries`` the entry `reference` names is, seen from `entry`; `nil` for
    /// contained and logical references and when the Bundle holds no such entry.
    public func position(of reference: Reference, from entry: FHIRBundle.Entry?) -> Int? {
        guard let text = reference.reference, reference.containedID == nil else { return nil }
        if reference.isAbsolute { return position(atFullURL: text) }
        guard let address = ResourceAddress(text) else { return nil }
        if let fullUrl = entry?.fullUrl, let base = base(of: fullUrl) {
            return position(atFullURL: address.resolved(against: base).description)
        }
        let candidates = positions(of: address).filter { position in
            address.version == nil || entries[position].resource?["meta"]?["versionId"]?.string == address.version
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// The RESTful base of `fullUrl`: read once for the Bundle's own entries, split here for a
    /// referring entry from elsewhere.
    private func base(of fullUrl: String) -> String? {
        if let known = bases[fullUrl] { return known }
        return ResourceAddress(fullUrl)?.baseURL
    }

    /// The positions of the entries whose resource is `Type/id` of `address` (any base, any version).
    public func positions(of address: ResourceAddress) -> [Int] {
        byAddress[address.relative] ?? []
    }

    /// The entry identified by an absolute URL or URN, honouring a `_history` version; among
    /// several with that `fullUrl`, the most recently updated.
    private func position(atFullURL url: String) -> Int? {
        var wanted = url
        var version: String?
        // Only a version-specific URL (`…/_history/2`) needs splitting; most have no `_` at all.
        if url.utf8.contains(UInt8(ascii: "_")), let address = ResourceAddress(url), address.version != nil {
            wanted = address.unversioned.description
            version = address.version
        }
        let matches = (byFullURL[wanted] ?? []).filter { entries[$0].resource != nil }
        if let version {
            return matches.first { entries[$0].resource?["meta"]?["versionId"]?.string == version }
        }
        guard matches.count > 1 else { return matches.first }
        return matches.max { lastUpdated(entries[$0].resource) < lastUpdated(entries[$1].resource) }
    }

    private func lastUpdated(_ resource: JSON?) -> Double {
        resource?["meta"]?["lastUpdated"]?.string.flatMap(FHIRInstant.init)?.date.timeIntervalSince1970 ?? -.infinity
    }
}
