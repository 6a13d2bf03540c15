import FHIR

/// The form a QuestionnaireResponse answers: a published standard Questionnaire named by
/// canonical, or the contained Questionnaire of an adaptive response, `derivedFrom` (or with
/// the `url` of) a published adaptive form.
struct ResponseForm: Sendable {
    /// What the answers are checked against.
    var questionnaire: JSON
    /// The published form.
    var published: DTRArtifact

    /// The form, or the one issue that says why there is none.
    static func find(for response: JSON, in catalog: QuestionnaireCatalog) throws(OperationOutcome) -> ResponseForm {
        guard let reference = response["questionnaire"]?.string, !reference.isEmpty else {
            throw .error(.required, "The response names the Questionnaire it answers.", expression: ["QuestionnaireResponse.questionnaire"])
        }
        guard reference.hasPrefix("#") else {
            guard let published = catalog.questionnaire(Canonical(reference)) else {
                throw .error(.notFound, "Questionnaire \(reference) is not one this payer publishes.", expression: ["QuestionnaireResponse.questionnaire"])
            }
            guard !published.isAdaptive else {
                throw .error(
                    .structure, "\(reference) is adaptive: answer it with the contained Questionnaire $next-question built.",
                    expression: ["QuestionnaireResponse.questionnaire"])
            }
            return ResponseForm(questionnaire: published.resource, published: published)
        }
        let id = String(reference.dropFirst())
        let contained = response["contained"]?.array ?? []
        guard let position = contained.firstIndex(where: { $0.resourceType == "Questionnaire" && $0.id == id }) else {
            throw .error(.notFound, "No contained Questionnaire has the id \(id).", expression: ["QuestionnaireResponse.questionnaire"])
        }
        let form = contained[position]
        let names = [form["url"]?.string].compactMap { $0 } + (form["derivedFrom"]?.array ?? []).compactMap(\.string)
        guard let published = names.lazy.compactMap({ catalog.questionnaire(Canonical($0)) }).first(where: \.isAdaptive) else {
            throw .error(
                .notFound, "The contained Questionnaire is not derived from an adaptive form this payer publishes.",
                expression: ["QuestionnaireResponse.contained[\(position)].derivedFrom"])
        }
        return ResponseForm(questionnaire: form, published: published)
    }
}
