import FHIR

/// DTR's QuestionnaireResponse profile beyond the answers: a subject, and `qr-context` naming
/// the Coverage and the order (or Encounter) the form was filled for.
enum ResponseContextChecks {
    static func check(_ response: JSON, add: (OperationOutcome.IssueType, String, String) -> Void) {
        if response["subject"]?["reference"]?.string == nil {
            add(.required, "A DTR QuestionnaireResponse names its subject (the patient).", "QuestionnaireResponse.subject")
        }
        let contexts = response.extensions(url: DTRVocabulary.qrContext).compactMap { $0["valueReference"]?["reference"]?.string }
        let coverages = contexts.filter { $0.hasPrefix("Coverage/") || $0.contains("/Coverage/") }
        if coverages.isEmpty {
            add(.required, "qr-context names the Coverage the form was filled for.", "QuestionnaireResponse.extension('\(DTRVocabulary.qrContext)')")
        }
        if contexts.count == coverages.count {
            add(.required, "qr-context names the order (or Encounter) the form was filled for.", "QuestionnaireResponse.extension('\(DTRVocabulary.qrContext)')")
        }
    }
}
