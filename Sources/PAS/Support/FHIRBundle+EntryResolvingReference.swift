import FHIR

extension FHIRBundle {
    /// The entry (not only the resource) a reference in `entry`'s resource points to, found by
    /// the same rules as ``FHIRBundle/resolve(reference:from:)``.
    ///
    /// Answers that echo resources need the target's `fullUrl`, which the resolved resource
    /// alone does not carry. `nil` for contained (`#id`) and logical references, and when
    /// nothing in the Bundle matches.
    public func entry(resolving reference: Reference, from entry: Entry? = nil) -> Entry? {
        guard !reference.isContained, let target = resolve(reference: reference, from: entry) else { return nil }
        return entries.first { $0.resource == target }
    }
}
