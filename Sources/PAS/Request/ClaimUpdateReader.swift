import FHIR

/// What makes a Claim a Claim Update (PAS "Updating Authorization Requests"): a `related.claim`
/// with relationship `prior` naming the previous Claim, which the Bundle must include, and
/// optionally a Claim-level `certificationType` (`3` withdraws the whole request).
struct ClaimUpdateReader: Sendable {
    /// The prior Claim, resolved in the Bundle.
    var priorClaim: JSON?
    var certificationType: PASCertificationType?

    init(claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver, problems: inout BundleProblems) {
        let path = PASBundleEnvelope.claimPath
        for (index, related) in (claim["related"]?.array ?? []).enumerated() {
            let isPrior = (related["relationship"]?["coding"]?.array ?? []).contains { $0["code"]?.string == "prior" }
            guard isPrior, priorClaim == nil else { continue }
            let relatedPath = "\(path).related[\(index)].claim"
            guard related["claim"]?["reference"]?.string != nil else {
                problems.add(.required, "A related claim with relationship prior must reference the prior Claim.", at: relatedPath)
                continue
            }
            // A reference that resolves to nothing is reported by ClaimReferenceCheck.
            guard let resource = resolver.resolve(element: related["claim"], from: entry) else { continue }
            guard resource.resourceType == "Claim" else {
                problems.add(.value, "related.claim must name the prior Claim; it names a \(resource.resourceType ?? "resource without type").", at: relatedPath)
                continue
            }
            priorClaim = resource
        }
        if let index = claim.extensionIndex(url: PASVocabulary.Extension.certificationType) {
            certificationType = PASCertificationTypeReader.read(
                claim["extension"]?[index], at: "\(path).extension[\(index)]", problems: &problems)
        }
    }
}
