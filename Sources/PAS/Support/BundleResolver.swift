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
    /// The entries, indexed once for the few dozen references a request resolves.
    private let references: BundleReferences

    init(_ bundle: FHIRBundle) {
        self.bundle = bundle
        self.references = BundleReferences(bundle)
    }

    /// The resource `reference` names, seen from `entry`; `nil` when the Bundle does not hold it.
    func resolve(_ reference: String, from entry: FHIRBundle.Entry?) -> JSON? {
        let parsed = Reference(reference: reference)
        if let found = references.resolve(parsed, from: entry) { return found }
        return sendersPosition(of: parsed).flatMap { references.entries[$0].resource }
    }

    /// The resource a Reference element (`{"reference": …}`) names, seen from `entry`.
    func resolve(element: JSON?, from entry: FHIRBundle.Entry?) -> JSON? {
        guard let reference = element?["reference"]?.string else { return nil }
        return resolve(reference, from: entry)
    }

    /// The entry (not only the resource) a reference points to, for answers that echo it with
    /// its `fullUrl`; `nil` for contained and logical references and when nothing matches.
    func entry(resolving reference: Reference, from entry: FHIRBundle.Entry?) -> FHIRBundle.Entry? {
        guard !reference.isContained,
            let position = references.position(of: reference, from: entry) ?? sendersPosition(of: reference)
        else { return nil }
        return references.entries[position]
    }

    /// The entry holding `resource`, so references written inside it resolve against its own
    /// `fullUrl`; `nil` for a contained resource.
    func entry(holding resource: JSON) -> FHIRBundle.Entry? {
        references.entries.first { $0.resource == resource }
    }

    /// PAS senders' `Type/id` between entries of different bases: the one entry with that
    /// resource, if exactly one.
    private func sendersPosition(of reference: Reference) -> Int? {
        guard !reference.isAbsolute, let address = reference.address else { return nil }
        let candidates = references.positions(of: address)
        return candidates.count == 1 ? candidates[0] : nil
    }
}
