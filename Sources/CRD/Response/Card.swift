import FHIR

/// A CDS Hooks card as CRD uses it: a summary under 140 characters, an indicator, the payer as
/// source with a CRD card type as topic, and optional detail, links and suggestions.
public struct Card: Sendable, Hashable {
    public enum Indicator: String, Sendable, Hashable {
        /// Most CRD cards.
        case info
        /// A payment risk: not covered, no coverage found.
        case warning
        /// Reserved for clinical harm; the service never sends it.
        case critical
    }

    public struct Link: Sendable, Hashable {
        public var label: String
        public var url: String

        public init(label: String, url: String) {
            self.label = label
            self.url = url
        }

        /// Always `absolute`: the service launches no SMART apps (DTR is not launched from cards).
        var json: JSON { ["label": .string(label), "url": .string(url), "type": "absolute"] }
    }

    public struct Suggestion: Sendable, Hashable {
        public var uuid: String
        public var label: String
        public var actions: [CardAction]

        public init(uuid: String, label: String, actions: [CardAction]) {
            self.uuid = uuid
            self.label = label
            self.actions = actions
        }

        var json: JSON {
            ["label": .string(label), "uuid": .string(uuid), "actions": .array(actions.map(\.json))]
        }
    }

    public var uuid: String
    public var summary: String
    public var detail: String?
    public var indicator: Indicator
    /// `source.label`: the payer.
    public var sourceLabel: String
    public var topic: CardType
    public var links: [Link]
    public var suggestions: [Suggestion]
    /// How many suggestions the user may accept (required with suggestions).
    public var selectionBehavior: String?
    /// `davinci-crd.associated-resource`: the orders the card is about (`ServiceRequest/123`).
    public var associatedResources: [String]

    public init(
        uuid: String, summary: String, detail: String? = nil, indicator: Indicator = .info, sourceLabel: String,
        topic: CardType, links: [Link] = [], suggestions: [Suggestion] = [], selectionBehavior: String? = nil,
        associatedResources: [String] = []
    ) {
        self.uuid = uuid
        self.summary = CardSummary.fitted(summary)
        self.detail = detail
        self.indicator = indicator
        self.sourceLabel = sourceLabel
        self.topic = topic
        self.links = links
        self.suggestions = suggestions
        self.selectionBehavior = selectionBehavior ?? (suggestions.isEmpty ? nil : "any")
        self.associatedResources = associatedResources
    }

    public var json: JSON {
        var object: JSONObject = ["uuid": .string(uuid), "summary": .string(summary)]
        if let detail { object["detail"] = .string(detail) }
        object["indicator"] = .string(indicator.rawValue)
        object["source"] = ["label": .string(sourceLabel), "topic": topic.coding.json]
        if !suggestions.isEmpty {
            object["suggestions"] = .array(suggestions.map(\.json))
            if let selectionBehavior { object["selectionBehavior"] = .string(selectionBehavior) }
        }
        if !links.isEmpty { object["links"] = .array(links.map(\.json)) }
        if !associatedResources.isEmpty {
            object["extension"] = [
                "davinci-crd.associated-resource": .array(associatedResources.map { ["reference": .string($0)] })
            ]
        }
        return .object(object)
    }
}
