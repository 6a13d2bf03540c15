import FHIR
import Testing

@testable import PAS

/// The vocabulary matches what the official examples use.
@Suite struct PASVocabularyTests {
    @Test func theApprovedExampleUsesTheReviewActionExtensionAndX12System() throws {
        let bundle = try PASExamples.json("Bundle-ReferralAuthorizationResponseBundleExample")
        let text = bundle.serializedString()
        #expect(text.contains(PASVocabulary.extensionURL("extension-reviewAction")))
        #expect(text.contains(PASVocabulary.X12.reviewActionCode))
    }
}
