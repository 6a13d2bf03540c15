import FHIR

extension NextQuestion {
    /// FHIR Questionnaire item types (R4 `item-type`).
    static let itemTypes: Set<String> = [
        "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url",
        "choice", "open-choice", "attachment", "reference", "quantity",
    ]

    /// Item types whose options are codings (Questionnaire.item.answerOption.valueCoding).
    static let optionTypes: Set<String> = ["choice", "open-choice"]

    /// The answer `next_question` returned, checked against the contract.
    init(output: JSON) throws(LuaFailure) {
        let fields = try OutputFields(output, function: "next_question")
        try fields.onlyKeys(["items", "complete"])
        if try fields.bool("complete") == true {
            guard try fields.list("items").isEmpty else {
                throw OutputFields.failure("next_question", "next_question result: complete = true cannot come with items")
            }
            self = .complete
            return
        }
        let elements = try fields.list("items")
        guard !elements.isEmpty else {
            throw OutputFields.failure("next_question", "next_question result: return { items = { ... } } or { complete = true }")
        }
        var items: [Item] = []
        for (position, element) in elements.enumerated() {
            let item = try OutputFields(element, function: "next_question", element: position + 1, of: "items")
            try item.onlyKeys(["link_id", "text", "type", "options", "required", "repeats"])
            let type = try item.string("type", required: true)!
            guard Self.itemTypes.contains(type) else {
                throw item.fail("type", "is \"\(type)\"; expected a Questionnaire item type (boolean, integer, choice, …)")
            }
            let options = try item.list("options")
            if !options.isEmpty, !Self.optionTypes.contains(type) {
                throw item.fail("options", "are only for items of type choice or open-choice, not \(type)")
            }
            for (index, option) in options.enumerated() where option.string == nil {
                let fields = try OutputFields(option, function: "next_question", element: index + 1, of: "options", in: item)
                try fields.onlyKeys(["code", "display", "system"])
                _ = try fields.string("code", required: true)
                _ = try fields.string("display")
                _ = try fields.string("system")
            }
            let repeats = try item.bool("repeats") ?? false
            if repeats, ["group", "display", "boolean"].contains(type) {
                throw item.fail("repeats", "cannot be true for an item of type \(type)")
            }
            items.append(Item(
                linkID: try item.string("link_id", required: true)!, text: try item.string("text", required: true)!,
                type: type, options: options, required: try item.bool("required") ?? false, repeats: repeats))
        }
        self = .items(items)
    }
}
