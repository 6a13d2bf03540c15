import FHIR

/// The CRD Card Types value set (`Card.source.topic`, code system ``CRDCodes/temp``), and the
/// words discovery uses for each card type's configuration option.
public enum CardType: String, Sendable, Hashable, CaseIterable, Codable {
    case coverageInfo = "coverage-info"
    case unsolicitedDeterm = "unsolicited-determ"
    case claim
    case insurance
    case limits
    case network
    case appropriateUse = "appropriate-use"
    case cost
    case therapyAlternativesOpt = "therapy-alternatives-opt"
    case therapyAlternativesReq = "therapy-alternatives-req"
    case clinicalReminder = "clinical-reminder"
    case duplicateTherapy = "duplicate-therapy"
    case contraindication
    case guideline
    case offGuideline = "off-guideline"

    public var display: String {
        switch self {
        case .coverageInfo: "Coverage Information"
        case .unsolicitedDeterm: "Unsolicited Determination"
        case .claim: "Claim Information"
        case .insurance: "Insurance Information"
        case .limits: "Limitations"
        case .network: "Network Information"
        case .appropriateUse: "Appropriate Use"
        case .cost: "Cost Information"
        case .therapyAlternativesOpt: "Optional Therapy Alternatives"
        case .therapyAlternativesReq: "Required Therapy Alternatives"
        case .clinicalReminder: "Clinical Reminders"
        case .duplicateTherapy: "Duplicate Therapy"
        case .contraindication: "Contraindication"
        case .guideline: "Guidelines"
        case .offGuideline: "Off Guideline"
        }
    }

    /// What the service sends under this type, for the discovery option's description.
    public var optionDescription: String {
        switch self {
        case .coverageInfo:
            "Coverage requirements of the order: whether it is covered, whether prior authorization or "
                + "documentation is needed, the payer's policy and instructions"
        case .insurance: "Problems with the patient's coverage: member not found or no active coverage"
        case .therapyAlternativesOpt: "Orders the payer suggests instead of the one placed (e.g. a more appropriate code)"
        case .clinicalReminder: "Orders the payer's policy expects alongside this one (e.g. a qualifying test)"
        default: display
        }
    }

    /// `Card.source.topic`.
    public var coding: Coding { Coding(system: CRDCodes.temp, code: rawValue, display: display) }
}
