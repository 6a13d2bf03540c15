/// Where a case stands, rolled up from its items' review actions.
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Opened; no item has a review action yet.
    case received
    /// At least one item is pended (A4), waiting on contact (CT) or still undecided.
    case pended
    /// Every item that is not cancelled was certified (A1) or needed no action (NA).
    case approved
    /// Every item is decided, and some were denied, cut down (A2) or modified (A6).
    case partiallyApproved = "partially-approved"
    /// Every item that is not cancelled was denied (A3).
    case denied
    /// Every item was cancelled (C).
    case cancelled

    /// A final status takes the case off the review queue and stops its clock.
    public var isFinal: Bool {
        switch self {
        case .received, .pended: false
        case .approved, .partiallyApproved, .denied, .cancelled: true
        }
    }

    /// The case status that follows from its items' review actions (`nil`: not reviewed yet).
    ///
    /// Cancelled items drop out of the roll-up unless every item is cancelled, so cancelling one
    /// line of an approved request leaves it approved.
    public static func rollUp(_ actions: [ReviewAction?]) -> CaseStatus {
        let live = actions.filter { $0 != .cancelled }
        if live.isEmpty { return actions.isEmpty ? .received : .cancelled }
        if live.allSatisfy({ $0 == nil }) { return .received }
        if live.contains(where: { $0 == nil || $0?.isFinalDecision == false }) { return .pended }
        if live.allSatisfy({ $0 == .certified || $0 == .noActionRequired }) { return .approved }
        if live.allSatisfy({ $0 == .notCertified }) { return .denied }
        return .partiallyApproved
    }
}
