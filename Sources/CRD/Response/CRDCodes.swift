import Eligibility
import FHIR

/// The URLs and code systems CRD 2.1 answers with, in one place so that a move to CRD 2.2's
/// systems (`…/CodeSystem/coverage-information-codes`) is one edit.
public enum CRDCodes {
    /// CRD's code system through 2.1: coverage-information detail and reason codes, card types.
    public static let temp = CoverageInformation.codeSystem
    /// Requested billing codes an EHR may put on an order (read as extra order codes).
    public static let billingOptionsSuffix = "ext-billing-options"
    /// SDC's temporary code system, home of the Task code `complete-questionnaire`.
    public static let sdcTemp = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp"
    public static let npi = IdentifierSystem.npi
    /// HL7 v2 table 0203 (identifier types); `MB` is the member number.
    public static let identifierType = IdentifierSystem.v2IdentifierType
    /// The CRD version this service implements (discovery's `davinci-crd.version`).
    public static let version = "2.1.0"

    /// CRD 2.1's `coverageAssertionReasons` value set (see ``CoverageInformation/assertionReasons``).
    public static let coverageAssertionReasons = CoverageInformation.assertionReasons
}
