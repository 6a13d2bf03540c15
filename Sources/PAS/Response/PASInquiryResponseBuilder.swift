import CaseStore
import FHIR
import Foundation

/// Builds the answer to `Claim/$inquire` from the prior authorizations an inquiry matched.
///
/// - 2.0.1 and 2.1: **one** inquiry response Bundle with a Claim Inquiry Response per match,
///   followed by the entries they reference (each `fullUrl` once).
/// - 2.2: a `Parameters` with one inquiry response Bundle per match, each in a parameter named
///   ``bundleParameterName``.
///
/// Each Bundle's `identifier` echoes the inquiry's, as the official inquiry examples do.
public struct PASInquiryResponseBuilder: Sendable {
    /// The 2.2 out-parameter holding each Bundle: `return`, the name the `$inquire`
    /// OperationDefinition declares. The 2.2.1 Parameters example says `responseBundle`, but an
    /// example is informative while the OperationDefinition is the contract generic FHIR
    /// clients and validators read, and `return` is also what `$submit` answers in.
    public static let bundleParameterName = "return"

    private let responses: PASResponseBuilder
    public var version: PASVersion { responses.version }

    public init(version: PASVersion, baseURL: String) {
        responses = PASResponseBuilder(version: version, baseURL: baseURL)
    }

    /// The `$inquire` answer for `inquiryBundle` and its `matches` (0..*), at `moment`.
    ///
    /// - Throws: an OperationOutcome when the inquiry is not a Bundle or a match's request
    ///   Bundle does not start with a Claim.
    public func response(to inquiryBundle: JSON, matches: [PASInquiryMatch], at moment: Date) throws(OperationOutcome) -> JSON {
        let identifier = try FHIRBundle(json: inquiryBundle).json["identifier"]
        var answers: [(claimResponse: FHIRBundle.Entry, echoed: [FHIRBundle.Entry])] = []
        for match in matches {
            let request = try PASAnsweredRequest(match.requestBundle)
            let claimResponse = PASDecisionClaimResponse(
                version: version, request: request, detail: match.detail,
                profile: PASResponseURL.claimInquiryResponseProfile, withInsurance: true, moment: moment)
            answers.append((responses.entry(for: claimResponse.json), claimResponse.header.echoedEntries(withCoverage: true)))
        }

        switch version.inquiryAnswerShape {
        case .singleBundle:
            let entries = (answers.map(\.claimResponse) + answers.flatMap(\.echoed)).distinctByFullURL()
            return makeInquiryResponseBundle(identifier: identifier, moment: moment, entries: entries)
        case .parametersOfBundles:
            let parameters: [JSON] = answers.map { answer in
                [
                    "name": .string(Self.bundleParameterName),
                    "resource": makeInquiryResponseBundle(identifier: identifier, moment: moment, entries: [answer.claimResponse] + answer.echoed),
                ]
            }
            var json = JSON.resource(type: "Parameters")
            if !parameters.isEmpty { json["parameter"] = .array(parameters) }
            return json
        }
    }

    private func makeInquiryResponseBundle(identifier: JSON?, moment: Date, entries: [FHIRBundle.Entry]) -> JSON {
        responses.bundle(profile: PASResponseURL.inquiryResponseBundleProfile, identifier: identifier, moment: moment, entries: entries)
    }
}
