import FHIR

/// Resolves references between the entries of a PAS Bundle.
///
/// FHIR's rules come first (``FHIRBundle/resolve(reference:from:)``: `fullUrl`, `urn:uuid:`,
/// `Type/id` against the referring entry's base). PAS senders also write `Type/id` between
/// entries whose `fullUrl`s use different bases or are `urn:uuid:`s; the Bundle is meant to
/// hold every referenced resource, so a `Type/id` that names exactly one entry is taken as that
/// entry rather than reported as missing.
struct BundleResolver: Sendable, Hashable {
    let bundle: FHIRBundle
    private let entries: [FHIRBundle.Entry]

    init(_ bundle: FHIRBundle) {
        self.bundle = bundle
        self.entries = bundle.entries
    }

    /// The resource `reference` names, seen from `entry`; `nil` when the Bundle does not hold it.
    func resolve(_ reference: String, from entry: FHIRBundle.Entry?) -> JSON? {
        if let found = bundle.resolve(reference: reference, from: entry) { return found }
        guard !Reference(reference: reference).isAbsolute, let address = ResourceAddress(reference) else { return nil }
        let candidates = entries.compactMap(\.resource).filter { $0.resourceType == address.type && $0.id == address.id }
        guard candidates.count == 1 else { return nil }
        return candidates[0]
    }

    /// The resource a Reference element (`{"reference": …}`) names, seen from `entry`.
    func resolve(element: JSON?, from entry: FHIRBundle.Entry?) -> JSON? {
        guard let reference = element?["reference"]?.string else { return nil }
        return resolve(reference, from: entry)
    }

    /// The entry (not only the resource) a reference points to, for answers that echo it with
    /// its `fullUrl`; `nil` for contained and logical references and when nothing matches.
    func entry(resolving reference: Reference, from entry: FHIRBundle.Entry?) -> FHIRBundle.Entry? {
        guard !reference.isContained, let text = reference.reference, let target = resolve(text, from: entry) else { return nil }
        return self.entry(holding: target)
    }

    /// The entry holding `resource`, so references written inside it resolve against its own
    /// `fullUrl`; `nil` for a contained resource.
    func entry(holding resource: JSON) -> FHIRBundle.Entry? {
        entries.first { $0.resource == resource }
    }
}
