import CaseStore
import Rules

extension ItemDecision {
    /// The review action the rules' answer stands for: approve → A1, modify → A6, a denial the
    /// engine let through (administrative) → A3, pend → A4 with the reviewer's worklist as note.
    init(_ decision: AdjudicationDecision) {
        let quantity = decision.quantity.map { CaseQuantity(value: $0.value.literal, unit: $0.unit) }
        let period = decision.period.map { ServicePeriod(start: $0.start, end: $0.end) }
        switch decision.action {
        case .approve:
            self.init(.certified, note: decision.note, authorizedQuantity: quantity, authorizedPeriod: period)
        case .modify:
            self.init(.modified, reasonCodes: decision.reasons, note: decision.note, authorizedQuantity: quantity, authorizedPeriod: period)
        case .deny:
            self.init(.notCertified, reasonCodes: decision.reasons, note: decision.note)
        case .pend:
            let worklist = ([decision.note] + decision.review.map(Optional.some)).compactMap { $0 }
            self.init(.pended, note: worklist.isEmpty ? nil : worklist.joined(separator: " "))
        }
    }
}
