import CaseStore
import FHIR

/// Reads a PAS `Claim/$submit` body — a request Bundle, bare or as the `resource` of a
/// `Parameters` — and checks it against the PAS request Bundle and Claim profiles.
///
/// Every problem is collected before anything is refused, so the submitter sees all of them
/// in one OperationOutcome (see ``PASRequestError`` for the statuses).
public struct PASRequestReader: Sendable {
    public init() {}

    /// Reads UTF-8 JSON text.
    public func read(_ body: [UInt8]) throws(PASRequestError) -> PASRequest {
        try read(PASOperationInput.parse(body))
    }

    /// Reads an already parsed body.
    public func read(_ json: JSON) throws(PASRequestError) -> PASRequest {
        var problems = BundleProblems()
        let opening = try ClaimBundleOpening(json, kind: "request", problems: &problems)
        let (input, envelope, entry, claim) = (opening.input, opening.envelope, opening.entry, opening.claim)
        let (resolver, parties) = (opening.resolver, opening.parties)
        let update = ClaimUpdateReader(claim: claim, entry: entry, resolver: resolver, problems: &problems)
        let items = ClaimItemsReader.read(
            claim: claim, entry: entry, resolver: resolver, wholeRequestCancelled: update.certificationType == .cancel,
            problems: &problems)

        guard problems.isEmpty, let identifier = envelope.identifier, let timestamp = envelope.timestamp,
            let claimFullURL = entry.fullUrl, let patient = parties.patient, let coverage = parties.coverage,
            let insurer = parties.insurer, let provider = parties.provider
        else { throw problems.unreadable("request") }

        var request = PASRequest(
            bundle: input.bundle, identifier: identifier, timestamp: timestamp, wasWrappedInParameters: input.wasWrapped,
            claim: claim, claimFullURL: claimFullURL, claimIdentifiers: claim.identifiers,
            priorClaim: update.priorClaim, priorClaimIdentifiers: update.priorClaim?.identifiers ?? [],
            certificationType: update.certificationType, patient: patient, coverage: coverage, insurer: insurer,
            provider: provider, memberID: parties.memberID, providerNPIs: parties.providerNPIs,
            insurerIdentifier: parties.insurerIdentifier,
            urgency: UrgencyClassifier.classify(claim: claim, claimCertification: update.certificationType, items: items),
            items: items, supportingInfo: SupportingInfoReader.read(claim: claim, entry: entry, resolver: resolver))
        request.resolver = resolver
        return request
    }
}
