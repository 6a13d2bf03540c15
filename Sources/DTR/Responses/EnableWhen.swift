import FHIR

/// Evaluates `enableWhen` against the answers given so far (R4 semantics: `enableBehavior`
/// `all` unless `any`; an item with no conditions is enabled).
struct EnableWhen: Sendable {
    /// Every answer of the response by linkId.
    let answers: [String: [JSON]]

    init(response: JSON) {
        var answers: [String: [JSON]] = [:]
        func walk(_ items: JSON?) {
            for item in items?.array ?? [] {
                let given = item["answer"]?.array ?? []
                if let linkID = item["linkId"]?.string { answers[linkID, default: []] += given }
                walk(item["item"])
                for answer in given { walk(answer["item"]) }
            }
        }
        walk(response["item"])
        self.answers = answers
    }

    func isEnabled(_ item: JSON) -> Bool {
        let conditions = item["enableWhen"]?.array ?? []
        guard !conditions.isEmpty else { return true }
        let results = conditions.map(holds)
        return item["enableBehavior"]?.string == "any" ? results.contains(true) : results.allSatisfy { $0 }
    }

    private func holds(_ condition: JSON) -> Bool {
        guard let question = condition["question"]?.string, let op = condition["operator"]?.string else { return false }
        let given = answers[question] ?? []
        if op == "exists" { return (condition["answerBoolean"]?.bool ?? true) == !given.isEmpty }
        guard let key = condition.object?.keys.first(where: { $0.hasPrefix("answer") }), let expected = condition[key] else {
            return false
        }
        let valueKey = "value" + key.dropFirst("answer".count)
        let values = given.compactMap { answer in answer[valueKey] ?? (key == "answerDecimal" ? answer["valueInteger"] : nil) }
        switch op {
        case "=": return values.contains { Self.equal($0, expected) }
        case "!=": return !values.isEmpty && !values.contains { Self.equal($0, expected) }
        default: return values.contains { Self.compare($0, op, expected) }
        }
    }

    private static func equal(_ value: JSON, _ expected: JSON) -> Bool {
        if let code = expected["code"] {
            return value["code"] == code && (expected["system"] == nil || value["system"] == expected["system"])
        }
        if let a = value.decimal, let b = expected.decimal { return a == b }
        return value == expected
    }

    private static func compare(_ value: JSON, _ op: String, _ expected: JSON) -> Bool {
        if let a = value.decimal, let b = expected.decimal { return order(a, b, op) }
        if let a = value.string, let b = expected.string { return order(a, b, op) }  // dates: ISO text orders
        return false
    }

    private static func order<T: Comparable>(_ a: T, _ b: T, _ op: String) -> Bool {
        switch op {
        case ">": a > b
        case "<": a < b
        case ">=": a >= b
        case "<=": a <= b
        default: false
        }
    }
}
