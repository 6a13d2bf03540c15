/// An item's status, a readable name for its latest review action.
public enum ItemStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case received
    case approved
    case partiallyApproved = "partially-approved"
    case denied
    case pended
    case modified
    case cancelled
    case contactPayer = "contact-payer"
    case noActionRequired = "no-action-required"

    /// The status an item has after `action` (`nil`: not reviewed yet).
    public init(_ action: ReviewAction?) {
        switch action {
        case nil: self = .received
        case .certified: self = .approved
        case .partiallyCertified: self = .partiallyApproved
        case .notCertified: self = .denied
        case .pended: self = .pended
        case .modified: self = .modified
        case .cancelled: self = .cancelled
        case .contactPayer: self = .contactPayer
        case .noActionRequired: self = .noActionRequired
        }
    }
}
