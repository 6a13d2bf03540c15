import Foundation
internal import GRDB

/// A row of `hook_feedback`.
struct HookFeedbackRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "hook_feedback"

    var serviceID: String
    var clientID: String
    var card: String
    var outcome: String
    var outcomeTimestamp: String
    var acceptedSuggestions: String
    var overrideReasonJSON: String?
    var userComment: String?
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case card, outcome
        case serviceID = "service_id"
        case clientID = "client_id"
        case outcomeTimestamp = "outcome_timestamp"
        case acceptedSuggestions = "accepted_suggestions"
        case overrideReasonJSON = "override_reason_json"
        case userComment = "user_comment"
        case receivedAt = "received_at"
    }

    init(_ feedback: HookFeedback) throws {
        serviceID = feedback.serviceID
        clientID = feedback.clientID
        card = feedback.card
        outcome = feedback.outcome
        outcomeTimestamp = feedback.outcomeTimestamp
        acceptedSuggestions = JSONColumn.encode(feedback.acceptedSuggestions)
        overrideReasonJSON = feedback.overrideReasonJSON
        userComment = feedback.userComment
        receivedAt = SQLiteCaseStore.storable(feedback.receivedAt)
    }

    func model() throws -> HookFeedback {
        HookFeedback(
            serviceID: serviceID, clientID: clientID, card: card, outcome: outcome, outcomeTimestamp: outcomeTimestamp,
            acceptedSuggestions: try JSONColumn.decode(acceptedSuggestions, row: "feedback for card \(card)"),
            overrideReasonJSON: overrideReasonJSON, userComment: userComment, receivedAt: receivedAt)
    }
}
