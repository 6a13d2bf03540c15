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
    /// The completed (or amended) responses filed under any of the CRD assertions `contextIDs`
    /// for exactly this member and sent by `submitter`, newest first: the answers PAS may use
    /// for that submitter's request about that member. Unlike ``questionnaireResponses(_:)``'s
    /// `patient`, the member must be ours (the client's `Patient/…` reference is not theirs to
    /// match on), and every criterion is required.
    func questionnaireResponses(contextIDs: [String], memberID: String, submitter: String) async throws -> [StoredQuestionnaireResponse]
}
