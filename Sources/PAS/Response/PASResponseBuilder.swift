import CaseStore
import FHIR
import Foundation

/// Builds the answers to `Claim/$submit`: the PAS response Bundle reporting a case's decisions,
/// and the business-error response. Pure: no clock, no store, no HTTP.
public struct PASResponseBuilder: Sendable {
    public var version: PASVersion
    /// The FHIR base URL the ClaimResponse lives under; its entry's `fullUrl` is
    /// `<baseURL>/ClaimResponse/<id>`.
    public var baseURL: String

    public init(version: PASVersion, baseURL: String) {
        self.version = version
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The PAS response Bundle for `requestBundle`, reporting `detail` as it stands at `moment`.
    ///
    /// The ClaimResponse (id = the case id) comes first, then the request entries it
    /// references with their `fullUrl`s unchanged. Items without a review action answer A4.
    ///
    /// - Throws: an OperationOutcome when the Bundle's first entry is not a Claim.
    public func response(to requestBundle: JSON, for detail: CaseDetail, at moment: Date) throws(OperationOutcome) -> JSON {
        try response(to: PASAnsweredRequest(requestBundle), for: detail, at: moment)
    }

    func response(to request: PASAnsweredRequest, for detail: CaseDetail, at moment: Date) -> JSON {
        let claimResponse = PASDecisionClaimResponse(
            version: version, request: request, detail: detail, profile: PASResponseURL.claimResponseProfile,
            withInsurance: false, moment: moment)
        return bundle(
            profile: PASResponseURL.responseBundleProfile, identifier: request.bundleIdentifier, moment: moment,
            entries: [entry(for: claimResponse.json)] + claimResponse.header.echoedEntries())
    }

    /// The business-error answer: a ClaimResponse with `outcome` error and one
    /// `ClaimResponse.error` per condition, no items.
    ///
    /// - Parameter responseID: the ClaimResponse's id (the case id when a case exists).
    /// - Throws: an OperationOutcome when the Bundle's first entry is not a Claim.
    public func errorResponse(
        to requestBundle: JSON, errors: [PASErrorCondition], responseID: String, at moment: Date
    ) throws(OperationOutcome) -> JSON {
        try errorResponse(to: PASAnsweredRequest(requestBundle), errors: errors, responseID: responseID, at: moment)
    }

    func errorResponse(
        to request: PASAnsweredRequest, errors: [PASErrorCondition], responseID: String, at moment: Date
    ) -> JSON {
        let header = PASClaimResponseHeader(
            request: request, id: responseID, profile: PASResponseURL.claimResponseProfile, moment: moment)
        var claimResponse = header.json
        claimResponse["outcome"] = .string(PASResponseOutcome.error.rawValue)
        claimResponse["error"] = .array(errors.map { $0.claimResponseError(version: version) })
        return bundle(
            profile: PASResponseURL.responseBundleProfile, identifier: request.bundleIdentifier, moment: moment,
            entries: [entry(for: claimResponse)] + header.echoedEntries())
    }

    /// The entry of a resource this server answers with.
    func entry(for resource: JSON) -> FHIRBundle.Entry {
        FHIRBundle.Entry(resource: resource, baseURL: baseURL)
    }

    /// A `collection` Bundle. `identifier` echoes the request's transaction identifier, as the
    /// official response examples do, so the submitter can match the answer to its request.
    /// No entries, no `entry` (FHIR forbids empty arrays).
    func bundle(profile: String, identifier: JSON?, moment: Date, entries: [FHIRBundle.Entry]) -> JSON {
        var json = JSON.resource(type: "Bundle", ["meta": ["profile": [.string(profile)]]])
        if let identifier { json["identifier"] = identifier }
        json["type"] = .string(FHIRBundle.BundleType.collection.rawValue)
        json["timestamp"] = .string(FHIRInstant(moment).description)
        if !entries.isEmpty { json["entry"] = .array(entries.map(\.json)) }
        return json
    }
}
