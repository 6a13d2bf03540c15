import Foundation

/// A completed (or amended) DTR QuestionnaireResponse as the payer keeps it: the resource as
/// received, filed under the CRD `coverage-assertion-id` it answers and the member it is about,
/// so PAS, the rules and reviewers can find the answers again.
public struct StoredQuestionnaireResponse: Sendable, Hashable {
    /// The id the server gave the resource (`QuestionnaireResponse/{id}`).
    public var id: String
    /// The Questionnaire it answers, as the response names it (`url` or `url|version`).
    public var questionnaire: String
    /// The CRD `coverage-assertion-id` it answers, when the client named one.
    public var contextID: String?
    /// Our member, when the response's subject or context placed one.
    public var memberID: String?
    /// `subject.reference` as the client wrote it (`Patient/123`).
    public var patientReference: String?
    /// Who sent it: the organization (`npi:…`) or the client (`client:…`).
    public var submitter: String
    /// `completed | amended` (the DTR intake refuses the other statuses).
    public var status: String
    /// `authored`, as sent.
    public var authored: String?
    /// The resource, with the server's `id` and `meta`, as JSON text.
    public var resourceJSON: String
    public var receivedAt: Date

    public init(
        id: String, questionnaire: String, contextID: String? = nil, memberID: String? = nil,
        patientReference: String? = nil, submitter: String, status: String, authored: String? = nil,
        resourceJSON: String, receivedAt: Date
    ) {
        self.id = id
        self.questionnaire = questionnaire
        self.contextID = contextID
        self.memberID = memberID
        self.patientReference = patientReference
        self.submitter = submitter
        self.status = status
        self.authored = authored
        self.resourceJSON = resourceJSON
        self.receivedAt = receivedAt
    }
}

/// Which stored QuestionnaireResponses to read, newest first. Every criterion given must match.
public struct QuestionnaireResponseQuery: Sendable, Hashable {
    /// The CRD `coverage-assertion-id`.
    public var contextID: String?
    /// Our member id, or the client's `Patient/id` (either matches).
    public var patient: String?
    /// Only this submitter's responses (what a provider organization may see).
    public var submitter: String?
    /// The Questionnaire canonical (without a version, any version matches).
    public var questionnaire: String?
    public var limit: Int

    public init(
        contextID: String? = nil, patient: String? = nil, submitter: String? = nil, questionnaire: String? = nil,
        limit: Int = 100
    ) {
        self.contextID = contextID
        self.patient = patient
        self.submitter = submitter
        self.questionnaire = questionnaire
        self.limit = limit
    }
}
