/// The outcome of a reload: the new set serving, or the problems and the old set still serving.
public enum RuleReloadReport: Sendable, Hashable, CustomStringConvertible {
    /// Now serving these policies.
    case loaded([PolicySummary])
    /// Nothing changed; the previous policies keep serving.
    case failed(RuleLoadError, keeping: [PolicySummary])

    public var succeeded: Bool {
        if case .loaded = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .loaded(let policies):
            let list = policies.map { "\($0.id)@\($0.version.prefix(12))" }.joined(separator: ", ")
            return "rules reloaded: \(policies.count) \(policies.count == 1 ? "policy" : "policies")"
                + (list.isEmpty ? "" : " (\(list))")
        case .failed(let error, let keeping):
            return "\(error)\nkeeping the previous \(keeping.count) \(keeping.count == 1 ? "policy" : "policies")"
        }
    }
}
