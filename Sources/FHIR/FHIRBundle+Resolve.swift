extension FHIRBundle {
    /// The resource a reference in `entry`'s resource points to, found inside this Bundle,
    /// following FHIR R4's rules for resolving references in Bundles (§2.36.4.1):
    ///
    /// - `#id` names a resource in the referring resource's `contained` list (`#` alone, the
    ///   referring resource itself).
    /// - An absolute URL or a URN (`urn:uuid:…`) matches the entry whose `fullUrl` is exactly
    ///   that. A version-specific URL (`…/_history/2`) prefers the entry with that
    ///   `meta.versionId`; among several matches the most recently updated wins.
    /// - A relative `Type/id` is made absolute with the base of the referring entry's
    ///   `fullUrl` (`http://example.org/fhir/Claim/1` → `http://example.org/fhir/Patient/123`)
    ///   and then matched as above.
    /// - When the referring entry has no RESTful `fullUrl` (a `urn:uuid:`, none at all, or no
    ///   entry is given), FHIR leaves `Type/id` undefined; as many senders expect, it then
    ///   matches the one entry whose resource has that type and id, if exactly one does.
    ///
    /// `nil` when nothing in the Bundle matches (the reference may still resolve elsewhere)
    /// or the reference is a logical one (`identifier` only).
    public func resolve(reference: Reference, from entry: Entry? = nil) -> JSON? {
        guard let text = reference.reference else { return nil }
        if let id = reference.containedID {
            guard let container = entry?.resource else { return nil }
            if id.isEmpty { return container }
            return container["contained"]?.array?.first { $0.id == id }
        }
        if reference.isAbsolute {
            return resource(atFullURL: text)
        }
        guard let address = ResourceAddress(text) else { return nil }
        if let fullUrl = entry?.fullUrl, let base = ResourceAddress(fullUrl)?.baseURL {
            return resource(atFullURL: address.resolved(against: base).description)
        }
        let candidates = entries.compactMap(\.resource).filter { resource in
            resource.resourceType == address.type && resource.id == address.id
                && (address.version == nil || resource["meta"]?["versionId"]?.string == address.version)
        }
        // Not `count == 1 ? candidates[0] : nil`: JSON takes `nil` as a literal, so that would
        // answer JSON.null instead of "not found".
        guard candidates.count == 1 else { return nil }
        return candidates[0]
    }

    /// ``resolve(reference:from:)`` for a reference string (`"Patient/123"`).
    public func resolve(reference: String, from entry: Entry? = nil) -> JSON? {
        resolve(reference: Reference(reference: reference), from: entry)
    }

    /// The entry whose `fullUrl` is exactly `fullUrl`.
    public func entry(fullUrl: String) -> Entry? {
        entries.first { $0.fullUrl == fullUrl }
    }

    /// The resource identified by an absolute URL or URN, honouring a `_history` version.
    private func resource(atFullURL url: String) -> JSON? {
        var wanted = url
        var version: String?
        if let address = ResourceAddress(url), address.version != nil {
            wanted = address.unversioned.description
            version = address.version
        }
        let matches = entries.filter { $0.fullUrl == wanted }.compactMap(\.resource)
        if let version {
            return matches.first { $0["meta"]?["versionId"]?.string == version }
        }
        guard matches.count > 1 else { return matches.first }
        return matches.max { lastUpdated($0) < lastUpdated($1) }
    }

    private func lastUpdated(_ resource: JSON) -> Double {
        resource["meta"]?["lastUpdated"]?.string.flatMap(FHIRInstant.init)?.date.timeIntervalSince1970 ?? -.infinity
    }
}
