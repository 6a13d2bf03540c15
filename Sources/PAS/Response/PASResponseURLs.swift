/// The profiles and extension URLs a PAS answer writes, by the names the IG gives them.
///
/// Extension ids are the ones the published examples use (e.g. `extension-itemAuthorizedDetail`,
/// which the profile slices as `authorizedItemDetail`).
enum PASResponseURL {
    /// Profiles live under the same StructureDefinition base as the extensions.
    private static func profile(_ name: String) -> String { PASVocabulary.extensionBase + name }

    static let responseBundleProfile = profile("profile-pas-response-bundle")
    static let claimResponseProfile = profile("profile-claimresponse")
    static let inquiryResponseBundleProfile = profile("profile-pas-inquiry-response-bundle")
    static let claimInquiryResponseProfile = profile("profile-claiminquiryresponse")

    static let reviewAction = PASVocabulary.extensionURL("extension-reviewAction")
    static let reviewActionCode = PASVocabulary.extensionURL("extension-reviewActionCode")
    static let itemTraceNumber = PASVocabulary.extensionURL("extension-itemTraceNumber")
    static let itemPreAuthIssueDate = PASVocabulary.extensionURL("extension-itemPreAuthIssueDate")
    static let itemPreAuthPeriod = PASVocabulary.extensionURL("extension-itemPreAuthPeriod")
    static let itemRequestedServiceDate = PASVocabulary.extensionURL("extension-itemRequestedServiceDate")
    static let itemAuthorizedDetail = PASVocabulary.extensionURL("extension-itemAuthorizedDetail")
    static let administrationReferenceNumber = PASVocabulary.extensionURL("extension-administrationReferenceNumber")
    static let claimResponseReviewer = PASVocabulary.extensionURL("extension-claimResponseReviewer")
    static let errorElement = PASVocabulary.extensionURL("extension-errorElement")
    static let errorPath = PASVocabulary.extensionURL("extension-errorPath")
    static let errorFollowupAction = PASVocabulary.extensionURL("extension-errorFollowupAction")

    /// HL7 `adjudication` code system; PAS fixes the category to `submitted`.
    static let adjudicationCategory = "http://terminology.hl7.org/CodeSystem/adjudication"
    /// HL7 `note-type` code system (`display` for notes a person reads).
    static let noteType = "http://hl7.org/fhir/note-type"
}
