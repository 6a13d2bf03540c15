/// Builds the notifications for a change, from the case as it will be committed.
///
/// It runs inside the write transaction, after the change and before the commit, so a payload
/// (a full PAS response, say) describes exactly what was stored, and a change is never committed
/// without its notifications. Keep it fast and free of I/O.
///
/// Two kinds:
/// - ``init(_:)``: messages to fixed destinations, built from the case alone.
/// - ``init(topic:payload:)``: one message per subscription to `topic` that the case's
///   submitting organization owns. The store numbers the event for each subscription in the same
///   transaction (so event numbers never skip or repeat, and a rolled-back change numbers
///   nothing) and asks `payload` for the message body.
public struct NotificationBuilder: Sendable {
    enum Audience: Sendable {
        case fixed(@Sendable (_ detail: CaseDetail) -> [OutboxDraft])
        case subscribers(topic: String, payload: @Sendable (_ event: SubscriptionEvent) -> String)
    }

    let audience: Audience

    /// Messages to fixed destinations.
    public init(_ drafts: @escaping @Sendable (_ detail: CaseDetail) -> [OutboxDraft]) {
        audience = .fixed(drafts)
    }

    /// One message per matching subscription to `topic`, its body from `payload`.
    public init(topic: String, payload: @escaping @Sendable (_ event: SubscriptionEvent) -> String) {
        audience = .subscribers(topic: topic, payload: payload)
    }
}
