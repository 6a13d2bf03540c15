import FHIR

/// What `next_question(req)` answered for an adaptive questionnaire.
public enum NextQuestion: Sendable, Hashable {
    /// Ask these items next.
    case items([Item])
    /// Nothing more to ask.
    case complete
    /// The policy failed: serve the questionnaire whole, as for a policy without `next_question`.
    case wholeQuestionnaire

    public struct Item: Sendable, Hashable {
        public var linkID: String
        public var text: String
        /// A FHIR Questionnaire item type (`boolean`, `integer`, `choice`, …).
        public var type: String
        /// Answer options: a string, or `{ code, display, system }` (code required).
        public var options: [JSON]
        public var required: Bool
        /// More than one answer allowed ("select all that apply").
        public var repeats: Bool

        public init(
            linkID: String, text: String, type: String, options: [JSON] = [], required: Bool = false,
            repeats: Bool = false
        ) {
            self.linkID = linkID
            self.text = text
            self.type = type
            self.options = options
            self.required = required
            self.repeats = repeats
        }
    }

    public var json: JSON {
        switch self {
        case .complete: return ["complete": true]
        case .wholeQuestionnaire: return ["whole_questionnaire": true]
        case .items(let items):
            return [
                "items": .array(items.map { item in
                    var object: JSONObject = [
                        "link_id": .string(item.linkID), "text": .string(item.text), "type": .string(item.type),
                    ]
                    if !item.options.isEmpty { object["options"] = .array(item.options) }
                    if item.required { object["required"] = true }
                    if item.repeats { object["repeats"] = true }
                    return .object(object)
                })
            ]
        }
    }
}
