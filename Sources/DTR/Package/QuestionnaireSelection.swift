import CaseStore
import FHIR

/// The Questionnaires one package request resolves to, with the CRD assertions behind them and
/// the warnings for what could not be resolved.
struct QuestionnaireSelection: Sendable {
    /// In request order: asked by canonical, then the context's, then the orders'; no duplicates.
    var questionnaires: [DTRArtifact] = []
    /// The context's assertions (one per order), when a context was given and is known.
    var assertions: [CoverageAssertion] = []
    var warnings: [OperationOutcome.Issue] = []

    mutating func add(_ canonical: Canonical, catalog: QuestionnaireCatalog, why: String) {
        guard let artifact = catalog.questionnaire(canonical) else {
            warn(.notFound, "Questionnaire \(canonical) (\(why)) is not one this payer publishes; no package for it.")
            return
        }
        if !questionnaires.contains(where: { $0.canonical == artifact.canonical }) { questionnaires.append(artifact) }
    }

    mutating func warn(_ code: OperationOutcome.IssueType, _ message: String, at expression: [String] = []) {
        warnings.append(.init(severity: .warning, code: code, diagnostics: message, expression: expression))
    }
}
