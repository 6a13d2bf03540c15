import CaseStore
import FHIR
import Foundation

/// What a `Subscription/<id>/$events` call asks for (Backport `backport-subscription-events`):
/// the notifications numbered from ``since`` through ``until``, in the ``content`` form.
public struct PASSubscriptionEventsRequest: Sendable, Hashable {
    /// One call returns at most this many events; a subscriber missing more asks again from
    /// the number after the last one it got.
    public static let limit = 100

    public var since: Int
    public var until: Int?
    /// The content the caller prefers (a hint: a stored `id-only` notification cannot become
    /// `full-resource`); `nil` for what was sent.
    public var content: SubscriptionChannel.Content?

    /// From the operation's parameters as text (`eventsSinceNumber`, `eventsUntilNumber`,
    /// `content`); a value that does not read is a 400 naming the parameter.
    public init(parameters: [String: [String]]) throws(PASRequestError) {
        func number(_ name: String) throws(PASRequestError) -> Int? {
            guard let text = parameters[name]?.last else { return nil }
            guard let value = Int(text), value >= 1 else {
                throw PASRequestError(
                    .badRequest, .value, "\(name) must be an event number (1 or more), not '\(text)'.",
                    path: "Parameters.parameter.where(name = '\(name)')")
            }
            return value
        }
        since = try number("eventsSinceNumber") ?? 1
        until = try number("eventsUntilNumber")
        if let until, until < since {
            throw PASRequestError(
                .badRequest, .value, "eventsUntilNumber (\(until)) is before eventsSinceNumber (\(since)).",
                path: "Parameters.parameter.where(name = 'eventsUntilNumber')")
        }
        if let text = parameters["content"]?.last {
            guard let content = SubscriptionChannel.Content(rawValue: text) else {
                throw PASRequestError(
                    .badRequest, .value,
                    "content must be one of \(SubscriptionChannel.Content.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'.",
                    path: "Parameters.parameter.where(name = 'content')")
            }
            self.content = content
        }
    }
}

extension BackportNotification {
    /// The `$events` answer: a `history` Bundle whose SubscriptionStatus (`query-event`) lists
    /// the events returned, followed by their notifications' entries in the requested form.
    /// Stored notifications that no longer read are left out (their numbers with them).
    func events(
        _ stored: [SubscriptionNotification], of subscription: TopicSubscription,
        content: SubscriptionChannel.Content?, at moment: Date
    ) -> JSON {
        var events: [SubscriptionStatusParameters.Event] = []
        var entries: [FHIRBundle.Entry] = []
        for notification in stored {
            guard let bundle = try? FHIRBundle(json: JSON.parse(notification.payload)) else { continue }
            let sent = bundle.entries
            let event = sent.first?.resource.flatMap { Self.event(in: $0) }
            events.append(event ?? .init(number: notification.eventNumber, timestamp: notification.createdAt))
            for entry in sent.dropFirst() {
                switch content {
                case .empty?: continue
                case .idOnly?:
                    var bare = entry.json
                    bare["resource"] = nil  // the address (fullUrl) stays: what id-only sends
                    entries.append(FHIRBundle.Entry(json: bare))
                default: entries.append(entry)
                }
            }
        }
        return bundle(status(of: subscription, type: .queryEvent, status: subscription.status, events: events), at: moment, entries: entries)
    }

    /// The `notification-event` of a sent SubscriptionStatus.
    private static func event(in status: JSON) -> SubscriptionStatusParameters.Event? {
        guard let parts = status["parameter"]?.array?.first(where: { $0["name"]?.string == "notification-event" })?["part"]?.array,
            let number = parts.first(where: { $0["name"]?.string == "event-number" })?["valueString"]?.string.flatMap({ Int($0) })
        else { return nil }
        let timestamp = parts.first { $0["name"]?.string == "timestamp" }?["valueInstant"]?.string.flatMap(FHIRInstant.init)?.date
        let focus = parts.first { $0["name"]?.string == "focus" }?["valueReference"]?["reference"]?.string
        return .init(number: number, timestamp: timestamp ?? Date(timeIntervalSince1970: 0), focus: focus)
    }
}
