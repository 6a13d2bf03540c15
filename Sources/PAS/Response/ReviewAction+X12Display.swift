import CaseStore
import FHIR

extension ReviewAction {
    /// The display text the PAS IG uses for this X12 306 code (`A1` "Certified in total", `A4`
    /// "Pending", `A3` "Not Certified" are copied from the official examples; the rest follow
    /// the same public descriptions, since the X12 list itself is licensed).
    var x12Display: String {
        switch self {
        case .certified: "Certified in total"
        case .partiallyCertified: "Certified - partial"
        case .notCertified: "Not Certified"
        case .pended: "Pending"
        case .modified: "Modified"
        case .cancelled: "Cancelled"
        case .contactPayer: "Contact Payer"
        case .noActionRequired: "No Action Required"
        }
    }

    /// The X12 306 coding written into `extension-reviewActionCode`.
    var x12Coding: Coding {
        Coding(system: PASVocabulary.X12.reviewActionCode, code: rawValue, display: x12Display)
    }

    /// Whether the action authorizes something, so the item carries its issue date and
    /// period and the response its `preAuthRef`.
    var authorizesSomething: Bool {
        switch self {
        case .certified, .partiallyCertified, .modified: true
        default: false
        }
    }
}
