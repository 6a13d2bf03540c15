/// How fast a prior-authorization request must be decided (CMS-0057-F).
///
/// PAS carries urgency in the Claim's `levelOfServiceType` (U or 03 → expedited) and an
/// immediate appeal (`certificationType` 1); the PAS layer decides which this is.
public enum Urgency: String, Sendable, Hashable, Codable, CaseIterable {
    /// Decided within 72 hours of receipt.
    case expedited
    /// Decided within 7 calendar days of receipt.
    case standard
}
