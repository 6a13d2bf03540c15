import FHIR

/// PAS: "every transitively referenced resource appears" in the Bundle. A reference written in
/// the Claim that names nothing in the Bundle is reported as `not-found`.
///
/// Only references written in the Claim itself are required to resolve. References inside
/// the resources it names are followed where the reader needs them (the provider's
/// practitioner, for NPIs) but not demanded: the official 2.2.1 Surgical example's
/// PractitionerRole names a Practitioner the Bundle does not hold, and refusing the IG's own
/// example would refuse real senders built from it.
enum ClaimReferenceCheck {
    static func check(_ claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver, problems: inout BundleProblems) {
        for element in claim.referenceElements(under: PASBundleEnvelope.claimPath)
        where resolver.resolve(element.reference, from: entry) == nil {
            problems.add(
                .notFound, "The reference \"\(element.reference)\" does not name a resource in the Bundle.", at: element.path)
        }
    }
}
