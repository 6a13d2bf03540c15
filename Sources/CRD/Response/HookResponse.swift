import FHIR

/// A CDS Hooks response: `cards` (always present, possibly empty) and `systemActions`, here the
/// coverage-information updates of the in-scope orders.
public struct HookResponse: Sendable, Hashable {
    public var cards: [Card]
    public var systemActions: [CardAction]

    public init(cards: [Card] = [], systemActions: [CardAction] = []) {
        self.cards = cards
        self.systemActions = systemActions
    }

    /// The response body. `systemActions` is omitted when empty (CDS Hooks: omit empty optional
    /// elements; `cards` is the one array sent even when empty).
    public var json: JSON {
        var object: JSONObject = ["cards": .array(cards.map(\.json))]
        if !systemActions.isEmpty { object["systemActions"] = .array(systemActions.map(\.json)) }
        return .object(object)
    }
}
