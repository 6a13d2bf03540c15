import FHIR

/// `Claim.supportingInfo` entries whose `valueReference` names a resource in the Bundle
/// (DTR QuestionnaireResponses, DocumentReferences, US Core clinical resources). Entries
/// carrying a code, a date or a period (admission dates …) stay in the Claim JSON.
enum SupportingInfoReader {
    static func read(claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver) -> [PASSupportingInfo] {
        (claim["supportingInfo"]?.array ?? []).compactMap { info in
            guard let resource = resolver.resolve(element: info["valueReference"], from: entry) else { return nil }
            return PASSupportingInfo(sequence: info["sequence"]?.int, category: info["category"]?.firstCodedCoding, resource: resource)
        }
    }
}
