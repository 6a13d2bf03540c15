import Foundation

/// What the DTR questionnaire server keeps: the QuestionnaireResponses providers send, filed
/// under the CRD assertion and the member. ``CaseStore`` inherits it.
public protocol QuestionnaireResponseStore: Sendable {
    /// Stores a new response. An id already stored is refused
    /// (``CaseStoreError/Code/invalidRecord``): responses are never overwritten.
    func storeQuestionnaireResponse(_ response: StoredQuestionnaireResponse) async throws
    func questionnaireResponse(id: String) async throws -> StoredQuestionnaireResponse?
    /// Responses matching the query, newest first.
    func questionnaireResponses(_ query: QuestionnaireResponseQuery) async throws -> [StoredQuestionnaireResponse]
}
