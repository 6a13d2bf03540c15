/// The primitive type a choice element's name announces (`valueDate`, `answerBoolean`), and
/// whether a JSON value is a well-formed one of it.
///
/// FHIR JSON names a choice element by its type, so the name alone says how the value must
/// look wherever it appears: an answer `valueDate` must be a FHIR date and an `answerBoolean`
/// a JSON boolean, whatever the resource. Only `value[x]` and `answer[x]` are read this way;
/// other names ending in a type (`recordedDate` is a dateTime) are not choices.
enum ChoicePrimitive: Sendable {
    case boolean, integer, positiveInt, unsignedInt, decimal, text, date, dateTime, instant, time

    private static let prefixes = ["value", "answer"]
    private static let types: [String: ChoicePrimitive] = [
        "Boolean": .boolean, "Integer": .integer, "PositiveInt": .positiveInt, "UnsignedInt": .unsignedInt,
        "Decimal": .decimal, "String": .text, "Code": .text, "Uri": .text, "Url": .text, "Canonical": .text,
        "Id": .text, "Oid": .text, "Uuid": .text, "Markdown": .text, "Base64Binary": .text,
        "Date": .date, "DateTime": .dateTime, "Instant": .instant, "Time": .time,
    ]

    /// `nil` for names that are not a primitive `value[x]` or `answer[x]`.
    init?(elementName name: String) {
        guard let prefix = Self.prefixes.first(where: { name.hasPrefix($0) }) else { return nil }
        guard let type = Self.types[String(name.dropFirst(prefix.count))] else { return nil }
        self = type
    }

    /// What is wrong with `value` as this type, or `nil` when it is well formed.
    func problem(with value: JSON) -> String? {
        switch (self, value) {
        case (.boolean, .bool): return nil
        case (.boolean, _): return "must be true or false"
        case (.decimal, .number): return nil
        case (.integer, .number(let number)) where number.int != nil: return nil
        case (.positiveInt, .number(let number)) where (number.int ?? 0) >= 1: return nil
        case (.unsignedInt, .number(let number)) where (number.int ?? -1) >= 0: return nil
        case (.integer, _): return "must be a whole number"
        case (.positiveInt, _): return "must be a whole number of 1 or more"
        case (.unsignedInt, _): return "must be a whole number of 0 or more"
        case (.decimal, _): return "must be a number"
        case (_, .string(let text)): return textProblem(text)
        default: return "must be a string"
        }
    }

    private func textProblem(_ text: String) -> String? {
        switch self {
        case .date: return FHIRDate(text) == nil ? "\"\(text)\" is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)" : nil
        case .dateTime: return FHIRDateTime(text) == nil ? "\"\(text)\" is not a FHIR dateTime" : nil
        case .instant: return FHIRInstant(text) == nil ? "\"\(text)\" is not a FHIR instant" : nil
        case .time: return Self.isTime(text) ? nil : "\"\(text)\" is not a FHIR time (hh:mm:ss)"
        default: return nil
        }
    }

    /// `hh:mm:ss` with an optional fraction, hours 00–23.
    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } }),
            parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return false }
        let seconds = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard seconds[0].count == 2, let second = Int(seconds[0]), (0..<60).contains(second) else { return false }
        return seconds.count == 1 || (!seconds[1].isEmpty && seconds[1].allSatisfy(\.isNumber))
    }
}
