/// An X12 306 review action (HCR01), the code PAS puts in `extension-reviewAction`.
///
/// The raw value is the X12 code, so it can be written into a ClaimResponse as is.
public enum ReviewAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// A1: certified in total.
    case certified = "A1"
    /// A2: certified in part; the rest is denied.
    case partiallyCertified = "A2"
    /// A3: not certified (denied).
    case notCertified = "A3"
    /// A4: pended, waiting for review or information. Not a decision for the clock.
    case pended = "A4"
    /// A6: modified; something other than what was asked is authorized.
    case modified = "A6"
    /// C: cancelled.
    case cancelled = "C"
    /// CT: contact the payer. Not a decision for the clock either.
    case contactPayer = "CT"
    /// NA: no action required (no prior authorization needed).
    case noActionRequired = "NA"

    /// The code system of these codes.
    public static let system = "https://codesystem.x12.org/005010/306"

    /// Whether this action settles the item, which is what the CMS clock measures.
    ///
    /// A4 and CT leave the request open: the clock does not stop while information is awaited.
    public var isFinalDecision: Bool {
        switch self {
        case .pended, .contactPayer: false
        default: true
        }
    }

    /// Whether the action refuses some or all of what was asked, so that CMS-0057-F requires a
    /// specific coded reason and a sentence a person can read.
    public var deniesSomething: Bool {
        switch self {
        case .partiallyCertified, .notCertified, .modified: true
        default: false
        }
    }
}
