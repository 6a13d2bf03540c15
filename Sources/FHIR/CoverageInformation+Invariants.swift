extension CoverageInformation {
    /// A broken rule of the extension: an invariant of the profile (`q1`…`q7`), or one CRD adds
    /// (`supporting-hook`, see CRD's `validate(on:)`).
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var rule: String
        public var message: String

        public init(rule: String, message: String) {
            self.rule = rule
            self.message = message
        }

        public var description: String { "\(rule): \(message)" }
    }

    /// Every invariant of the profile (q1–q7) the extension breaks, and an empty assertion id;
    /// empty when it may be sent.
    public var violations: [Violation] {
        var violations: [Violation] = []
        func check(_ holds: Bool, _ rule: String, _ message: String) {
            if !holds { violations.append(Violation(rule: rule, message: message)) }
        }
        check(questionnaires.isEmpty || !docNeeded.isEmpty, "q1", "questionnaire given without doc-needed")
        check(covered != .notCovered || paNeeded == nil, "q2", "not-covered with pa-needed")
        let conditional = covered == .conditional || paNeeded == .conditional || docNeeded.contains(.conditional)
        check(!conditional || !infoNeeded.isEmpty, "q3", "a conditional answer without info-needed")
        check(paNeeded != .satisfied || !docPurpose.contains(.withPA), "q4", "pa-needed satisfied with doc-purpose withpa")
        check((satisfiedPAID != nil) == (paNeeded == .satisfied), "q5", "satisfied-pa-id must be given exactly when pa-needed is satisfied")
        check(!infoNeeded.contains(.other) || !reasons.isEmpty, "q6", "info-needed OTH without a reason")
        for reason in reasons {
            check(reason.isCodedInValueSet || !(reason.text ?? "").isEmpty, "q7", "reason \(reason.code ?? "(no code)") outside the value set without text")
        }
        check(!assertionID.isEmpty, "coverage-assertion-id", "the assertion id is empty")
        return violations
    }
}
