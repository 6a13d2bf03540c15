extension JSON {
    /// A QuestionnaireResponse's answers by `linkId`, as policies read them (Rules/README.md:
    /// `answers`): one answer as its value, several as a list; codings as their code, quantities
    /// as their value, references as their reference. Nested items (under an item or under an
    /// answer) count as well; answers without a value (attachments) are left out.
    public var questionnaireAnswers: JSONObject {
        var answers = JSONObject()
        Self.collectAnswers(self["item"], into: &answers)
        return answers
    }

    private static func collectAnswers(_ items: JSON?, into answers: inout JSONObject) {
        for item in items?.array ?? [] {
            let values = (item["answer"]?.array ?? []).compactMap(answerValue)
            if let linkId = item["linkId"]?.string, !values.isEmpty {
                answers[linkId] = values.count == 1 ? values[0] : .array(values)
            }
            collectAnswers(item["item"], into: &answers)
            for answer in item["answer"]?.array ?? [] { collectAnswers(answer["item"], into: &answers) }
        }
    }

    /// The value of one `answer`, in the shape a policy reads.
    private static func answerValue(_ answer: JSON) -> JSON? {
        for key in ["valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueDateTime", "valueTime", "valueString", "valueUri"] {
            if let value = answer[key] { return value }
        }
        if let coding = answer["valueCoding"] { return coding["code"] ?? coding["display"] }
        if let quantity = answer["valueQuantity"] { return quantity["value"] }
        if let reference = answer["valueReference"] { return reference["reference"] }
        return nil
    }
}
