import CaseStore
import DTR
import Foundation
import Rules

/// The DTR questionnaire server's parts, built once over the loaded forms.
struct DTRServices: Sendable {
    let package: QuestionnairePackageService
    /// `nil` without rules: adaptive forms need `next_question`.
    let nextQuestion: NextQuestionService?
    let questionnaires: QuestionnaireSearch
    let responses: QuestionnaireResponseIntake

    init(catalog: QuestionnaireCatalog, store: any CaseStore, rules: RuleEngine?, baseURL: String, timeZone: TimeZone) {
        package = QuestionnairePackageService(catalog: catalog, store: store, rules: rules, baseURL: baseURL, timeZone: timeZone)
        nextQuestion = rules.map { NextQuestionService(catalog: catalog, rules: $0, timeZone: timeZone, store: store) }
        questionnaires = QuestionnaireSearch(catalog: catalog, store: store, baseURL: baseURL)
        responses = QuestionnaireResponseIntake(catalog: catalog, store: store, baseURL: baseURL)
    }
}
