import CaseStore
import FHIR
import Foundation

/// A Backport SubscriptionStatus for R4: a `Parameters` with the
/// `backport-subscription-status-r4` profile, the first entry of every notification Bundle.
struct SubscriptionStatusParameters: Sendable {
    enum NotificationType: String, Sendable {
        case handshake, heartbeat
        case eventNotification = "event-notification"
        /// The answer to `$status`.
        case queryStatus = "query-status"
        /// The answer to `$events`.
        case queryEvent = "query-event"
    }

    /// One `notification-event`.
    struct Event: Sendable {
        var number: Int
        var timestamp: Date
        /// The reference of the resource the event is about, when the payload names one.
        var focus: String?
    }

    var id: String
    /// The subscription's absolute URL.
    var subscription: String
    var topic: String
    var status: TopicSubscription.Status
    var type: NotificationType
    var eventsSinceSubscriptionStart: Int
    var events: [Event] = []
    /// Why the subscription is in `error`, as the subscriber is told.
    var errors: [String] = []

    var json: JSON {
        var parameters: [JSON] = [
            ["name": "subscription", "valueReference": ["reference": .string(subscription)]],
            ["name": "topic", "valueCanonical": .string(topic)],
            ["name": "status", "valueCode": .string(status.rawValue)],
            ["name": "type", "valueCode": .string(type.rawValue)],
            // A string in R4: the count may outgrow an integer.
            ["name": "events-since-subscription-start", "valueString": .string(String(eventsSinceSubscriptionStart))],
        ]
        for event in events {
            var parts: [JSON] = [
                ["name": "event-number", "valueString": .string(String(event.number))],
                ["name": "timestamp", "valueInstant": .string(FHIRInstant(event.timestamp).description)],
            ]
            if let focus = event.focus { parts.append(["name": "focus", "valueReference": ["reference": .string(focus)]]) }
            parameters.append(["name": "notification-event", "part": .array(parts)])
        }
        for error in errors {
            parameters.append(["name": "error", "valueCodeableConcept": ["text": .string(error)]])
        }
        return JSON.resource(
            type: "Parameters", id: id,
            ["meta": ["profile": [.string(Backport.subscriptionStatusProfile)]], "parameter": .array(parameters)])
    }
}
