/// The functions a policy answers with (see Rules/README.md).
public enum RuleFunction: String, Sendable, Hashable, CaseIterable, Codable {
    /// CRD: covered? prior auth needed? which documentation? Required.
    case coverage
    /// PAS: approve, modify, pend or deny a prior-authorization request. Optional.
    case adjudicate
    /// DTR: the next items of an adaptive questionnaire. Optional.
    case nextQuestion = "next_question"

    /// The slot `gl_invoke` uses.
    var slot: Int32 {
        switch self {
        case .coverage: 1
        case .adjudicate: 2
        case .nextQuestion: 3
        }
    }
}
