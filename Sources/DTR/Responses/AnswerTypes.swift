import FHIR

/// Which `answer.value[x]` fits which Questionnaire item type (R4).
enum AnswerTypes {
    static func allowedKeys(for type: String, item: JSON) -> Set<String> {
        switch type {
        case "boolean": return ["valueBoolean"]
        // An integer is a decimal too; clients write whole numbers either way.
        case "decimal": return ["valueDecimal", "valueInteger"]
        case "integer": return ["valueInteger"]
        case "date": return ["valueDate"]
        case "dateTime": return ["valueDateTime", "valueDate"]
        case "time": return ["valueTime"]
        case "string", "text": return ["valueString"]
        case "url": return ["valueUri"]
        case "choice":
            // R4 answerOption may list strings, codings, integers, dates or times.
            let optionKeys = Set((item["answerOption"]?.array ?? []).flatMap { $0.object?.keys ?? [] }.filter { $0.hasPrefix("value") })
            return optionKeys.isEmpty ? ["valueCoding", "valueString"] : optionKeys
        case "open-choice": return ["valueCoding", "valueString"]
        case "attachment": return ["valueAttachment"]
        case "reference": return ["valueReference"]
        case "quantity": return ["valueQuantity"]
        default: return []
        }
    }

    /// The `value[x]` key an answer uses, if it has one.
    static func valueKey(of answer: JSON) -> String? {
        answer.object?.keys.first { $0.hasPrefix("value") }
    }

    /// Whether a `choice` answer is one of the item's options (codings compare by system and code).
    static func isOption(_ answer: JSON, of item: JSON) -> Bool {
        guard let options = item["answerOption"]?.array, !options.isEmpty, let key = valueKey(of: answer) else { return true }
        return options.contains { option in
            guard let expected = option[key] else { return false }
            if key == "valueCoding" {
                return expected["code"] == answer[key]?["code"]
                    && (expected["system"] == nil || answer[key]?["system"] == nil || expected["system"] == answer[key]?["system"])
            }
            return expected == answer[key]
        }
    }
}
