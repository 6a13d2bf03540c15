import Foundation
internal import GRDB

/// A row of `questionnaire_response`.
struct QuestionnaireResponseRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "questionnaire_response"

    var id: String
    var questionnaire: String
    var contextID: String?
    var memberID: String?
    var patientReference: String?
    var submitter: String
    var status: String
    var authored: String?
    var resourceJSON: String
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, questionnaire, submitter, status, authored
        case contextID = "context_id"
        case memberID = "member_id"
        case patientReference = "patient_reference"
        case resourceJSON = "resource_json"
        case receivedAt = "received_at"
    }

    init(_ response: StoredQuestionnaireResponse) {
        id = response.id
        questionnaire = response.questionnaire
        contextID = response.contextID
        memberID = response.memberID
        patientReference = response.patientReference
        submitter = response.submitter
        status = response.status
        authored = response.authored
        resourceJSON = response.resourceJSON
        receivedAt = SQLiteCaseStore.storable(response.receivedAt)
    }

    var model: StoredQuestionnaireResponse {
        StoredQuestionnaireResponse(
            id: id, questionnaire: questionnaire, contextID: contextID, memberID: memberID,
            patientReference: patientReference, submitter: submitter, status: status, authored: authored,
            resourceJSON: resourceJSON, receivedAt: receivedAt)
    }
}
