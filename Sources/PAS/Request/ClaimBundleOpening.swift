import FHIR

/// What the request and inquiry readers do first, alike: the operation's Bundle (bare or in a
/// `Parameters`), its envelope and the Claim first in it, the Claim's header checked, its
/// references resolved and its parties read. Problems go to `problems`; a body with no Claim
/// to read is refused at once.
struct ClaimBundleOpening {
    let input: PASOperationInput
    let envelope: PASBundleEnvelope
    /// The first entry, holding the Claim.
    let entry: FHIRBundle.Entry
    let claim: JSON
    let resolver: BundleResolver
    let parties: ClaimParties

    /// `kind` names the Bundle in messages ("request", "inquiry").
    init(_ json: JSON, kind: String, problems: inout BundleProblems) throws(PASRequestError) {
        input = try PASOperationInput(json)
        envelope = try PASBundleEnvelope(checking: input.bundle, kind: kind, problems: &problems)
        guard let entry = envelope.claimEntry, let claim = entry.resource else { throw problems.unreadable(kind) }
        self.entry = entry
        self.claim = claim
        resolver = BundleResolver(envelope.bundle)
        ClaimHeaderCheck.check(claim, problems: &problems)
        ClaimReferenceCheck.check(claim, entry: entry, resolver: resolver, problems: &problems)
        parties = ClaimParties(claim: claim, entry: entry, resolver: resolver, problems: &problems)
    }
}
