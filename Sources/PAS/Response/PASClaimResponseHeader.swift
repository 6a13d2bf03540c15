import FHIR
import Foundation

/// The header every PAS ClaimResponse shares, whether it answers with decisions, with errors or
/// to an inquiry, and the request entries it echoes so its references resolve.
struct PASClaimResponseHeader: Sendable {
    var request: PASAnsweredRequest
    /// The ClaimResponse's logical id.
    var id: String
    /// `meta.profile`: the PAS ClaimResponse or Claim Inquiry Response profile.
    var profile: String
    /// Header extensions (2.2 `claimResponseReviewer`).
    var extensions: [JSON] = []
    var moment: Date

    /// `resourceType` … `request`, in FHIR's element order; the caller appends `outcome` and
    /// what follows it.
    ///
    /// `identifier` echoes the Claim's (the patient event trace number, as the examples do);
    /// `patient`, `insurer` and `requestor` (the Claim's `provider`) point to the request's
    /// entries by their `fullUrl`; `request` names the Claim by `fullUrl` and identifier.
    var json: JSON {
        let claim = request.claim
        var json = JSON.resource(type: "ClaimResponse", id: id, ["meta": ["profile": [.string(profile)]]])
        if !extensions.isEmpty { json["extension"] = .array(extensions) }
        if let identifier = claim["identifier"] { json["identifier"] = identifier }
        json["status"] = "active"
        if let type = claim["type"] { json["type"] = type }
        json["use"] = "preauthorization"
        json["patient"] = request.echoedReference(for: "patient")
        json["created"] = .string(FHIRInstant(moment).description)
        json["insurer"] = request.echoedReference(for: "insurer")
        json["requestor"] = request.echoedReference(for: "provider")
        json["request"] = request.claimReference
        return json
    }

    /// The request entries the header references, each with its request `fullUrl` unchanged
    /// and listed once: Patient, insurer, requestor, the Coverages when `withCoverage` (the
    /// inquiry response's `insurance`), then the Claim that `request` names (as the 2.2.1
    /// rejection and error examples include it).
    func echoedEntries(withCoverage: Bool = false) -> [FHIRBundle.Entry] {
        var entries = PASAnsweredRequest.headerElements.compactMap { request.entry(referencedBy: $0) }
        if withCoverage { entries += request.coverageEntries }
        entries.append(request.claimEntry)
        return entries.distinctByFullURL()
    }
}
