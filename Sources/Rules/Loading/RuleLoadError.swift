/// The rules directory could not be loaded; `problems` lists every problem found, not just
/// the first, so an author fixes them in one pass.
public struct RuleLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [RuleProblem]

    public init(problems: [RuleProblem]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "rules not loaded (\(count)):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
