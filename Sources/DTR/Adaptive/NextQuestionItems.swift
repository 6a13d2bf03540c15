import FHIR
import Rules

/// The rules' next items (``NextQuestion/Item``) as Questionnaire items.
enum NextQuestionItems {
    /// - Parameter codeSystem: the system of options the policy gave without one.
    static func item(_ next: NextQuestion.Item, codeSystem: String) -> JSON {
        var item: JSONObject = ["linkId": .string(next.linkID), "text": .string(next.text), "type": .string(next.type)]
        if next.required { item["required"] = true }
        if next.repeats { item["repeats"] = true }
        if !next.options.isEmpty {
            item["answerOption"] = .array(next.options.map { option in
                if let text = option.string { return ["valueString": .string(text)] }
                var coding: JSONObject = ["system": option["system"] ?? .string(codeSystem), "code": option["code"] ?? .null]
                if let display = option["display"] { coding["display"] = display }
                return ["valueCoding": .object(coding)]
            })
        }
        return .object(item)
    }
}
