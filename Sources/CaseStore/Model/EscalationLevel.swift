/// How close an undecided case is to breaking its clock; set by the sweep, one step at a time.
public enum EscalationLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case none
    /// Within the near-due threshold (default 24 h standard, 6 h expedited) of the due time.
    case near
    /// Past the due time and still undecided.
    case overdue

    private var rank: Int {
        switch self {
        case .none: 0
        case .near: 1
        case .overdue: 2
        }
    }

    public static func < (lhs: EscalationLevel, rhs: EscalationLevel) -> Bool { lhs.rank < rhs.rank }
}
