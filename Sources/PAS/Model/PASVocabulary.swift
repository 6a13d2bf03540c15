/// The code systems and extension URLs of Da Vinci PAS (2.0.1, 2.1, 2.2), in one place so the
/// request reader, the response builder and the inquiry use the same strings.
///
/// The X12 code systems are licensed lists; PAS uses them as its vocabulary, and so does
/// Greenlight (see Rules/README.md on where the meanings come from).
public enum PASVocabulary {
    /// `http://hl7.org/fhir/us/davinci-pas/StructureDefinition/` — every PAS extension lives here.
    public static let extensionBase = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"

    /// An extension URL of PAS by its name (`extension-reviewAction` → the full URL).
    public static func extensionURL(_ name: String) -> String { extensionBase + name }

    public enum X12 {
        /// X12 306, Action Code (HCR01): the review action of an item (A1, A2, A3, A4, A6, C, CT, NA).
        public static let reviewActionCode = "https://codesystem.x12.org/005010/306"
        /// X12 886 (external), Service Review Decision Reason Code (HCR02).
        public static let reviewDecisionReason = "https://codesystem.x12.org/external/886"
        /// X12 1322, Certification Type Code (UM02): I initial, 1 immediate appeal, 2 appeal, 3 cancel, 4 extension, R renewal, S revised.
        public static let certificationType = "https://codesystem.x12.org/005010/1322"
        /// X12 1338, Level of Service Code (UM06): U urgent, E elective, 03 emergency.
        public static let levelOfService = "https://codesystem.x12.org/005010/1338"
        /// X12 1365, Service Type Code (UM03): the item's category.
        public static let serviceType = "https://codesystem.x12.org/005010/1365"
        /// X12 1525, Request Category Code (UM01): the item's requestType (HS, AR, SC, …).
        public static let requestCategory = "https://codesystem.x12.org/005010/1525"
        /// X12 901, Reject Reason Code (AAA03): business errors in `ClaimResponse.error`.
        public static let rejectReason = "https://codesystem.x12.org/005010/901"
        /// X12 889, Follow-up Action Code (AAA04).
        public static let followUpAction = "https://codesystem.x12.org/005010/889"
    }

    /// The PAS extensions the request reader reads, as full URLs.
    public enum Extension {
        /// Claim: X12 1338 level of service (UM06): U urgent, E elective, 03 emergency.
        public static let levelOfServiceCode = extensionURL("extension-levelOfServiceCode")
        /// The name some drafts and senders use for the same extension; read as a synonym.
        public static let levelOfServiceType = extensionURL("extension-levelOfServiceType")
        /// Item (and Claim Update): X12 1322 certification type.
        public static let certificationType = extensionURL("extension-certificationType")
        /// Item: X12 1525 request category (HS, AR, SC …).
        public static let serviceItemRequestType = extensionURL("extension-serviceItemRequestType")
        /// Item: the item's trace number (TRN), an Identifier.
        public static let itemTraceNumber = extensionURL("extension-itemTraceNumber")
        /// Item (2.2: also Claim): an authorization number (REF-BB).
        public static let authorizationNumber = extensionURL("extension-authorizationNumber")
        /// Item (2.2: also Claim): the payer's administration reference number (REF-NT).
        public static let administrationReferenceNumber = extensionURL("extension-administrationReferenceNumber")
        /// Item: the order (ServiceRequest, DeviceRequest …) the item asks authorization for.
        public static let requestedService = extensionURL("extension-requestedService")
        /// Item of a Claim Update: `changed` or `added` in this version.
        public static let infoChanged = extensionURL("extension-infoChanged")
        /// Item of a Claim Update (a modifierExtension): the item is withdrawn.
        public static let infoCancelled = extensionURL("modifierextension-infoCancelled")
    }

    /// Sub-extensions of Da Vinci CRD's coverage-information extension on orders
    /// (``CoverageInformation/url``), which carries the CRD assertion into PAS.
    public enum CRD {
        /// Sub-extension: the id of the CRD coverage assertion.
        public static let coverageAssertionID = "coverage-assertion-id"
        /// Sub-extension: the number of a prior authorization already satisfied.
        public static let satisfiedPAID = "satisfied-pa-id"
    }
}
