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
    ///
    /// Resolving many references in one Bundle, keep a ``BundleReferences``: this reads the
    /// entries afresh on each call.
    public func resolve(reference: Reference, from entry: Entry? = nil) -> JSON? {
        BundleReferences(self).resolve(reference, from: entry)
    }

    /// ``resolve(reference:from:)`` for a reference string (`"Patient/123"`).
    public func resolve(reference: String, from entry: Entry? = nil) -> JSON? {
        resolve(reference: Reference(reference: reference), from: entry)
    }

    /// The entry whose `fullUrl` is exactly `fullUrl`.
    public func entry(fullUrl: String) -> Entry? {
        entries.first { $0.fullUrl == fullUrl }
    }
}
