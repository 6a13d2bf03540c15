import Foundation

/// One card's feedback from an EHR (`POST /cds-services/{id}/feedback`). The same feedback
/// may be sent again; the store keeps it once.
public struct HookFeedback: Sendable, Hashable, Codable {
    public var serviceID: String
    public var clientID: String
    /// The card's `uuid`.
    public var card: String
    /// `accepted | overridden`.
    public var outcome: String
    public var outcomeTimestamp: String
    /// Accepted suggestion uuids.
    public var acceptedSuggestions: [String]
    /// `overrideReason.reason` as JSON text (a Coding), when given.
    public var overrideReasonJSON: String?
    public var userComment: String?
    public var receivedAt: Date

    public init(
        serviceID: String, clientID: String, card: String, outcome: String, outcomeTimestamp: String,
        acceptedSuggestions: [String] = [], overrideReasonJSON: String? = nil, userComment: String? = nil,
        receivedAt: Date
    ) {
        self.serviceID = serviceID
        self.clientID = clientID
        self.card = card
        self.outcome = outcome
        self.outcomeTimestamp = outcomeTimestamp
        self.acceptedSuggestions = acceptedSuggestions
        self.overrideReasonJSON = overrideReasonJSON
        self.userComment = userComment
        self.receivedAt = receivedAt
    }
}
