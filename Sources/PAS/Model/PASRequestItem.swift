import CaseStore
import FHIR

/// One `Claim.item` of a valid PAS request: the service asked for and what PAS says about it.
public struct PASRequestItem: Sendable, Hashable {
    /// `item.sequence`, the key the response's `itemSequence` echoes.
    public var sequence: Int
    /// `item.category` (X12 1365 service type), its first coding.
    public var category: Coding
    /// `item.productOrService`, its first coding with a code.
    public var service: ServiceCode
    /// `item.modifier` codings (CPT/HCPCS modifiers).
    public var modifiers: [ServiceCode]
    /// `item.quantity`, the decimal as written.
    public var quantity: CaseQuantity?
    /// `item.servicedDate` (start = end) or `item.servicedPeriod`.
    public var serviced: ServicePeriod?
    /// `item.locationCodeableConcept` (place of service / NUBC), its first coding.
    public var location: Coding?
    public var certificationType: PASCertificationType
    /// `serviceItemRequestType` (X12 1525: HS, AR, SC …), its first coding.
    public var requestType: Coding
    /// `itemTraceNumber` extensions (TRN).
    public var traceNumbers: [Identifier]
    /// `authorizationNumber` extension: an authorization this item refers to.
    public var authorizationNumber: String?
    /// `administrationReferenceNumber` extension.
    public var administrationReferenceNumber: String?
    /// `infoCancelled` modifierExtension: the submitter withdrew this item in an update.
    public var isCancelled: Bool
    /// `infoChanged`: what this update version did to the item.
    public var infoChanged: PASInfoChange?
    /// The order behind the item (`requestedService` extension), resolved in the Bundle.
    public var requestedService: JSON?
    /// The codings of the item's diagnoses (``ClaimDiagnoses``), then of its order's reasons.
    public var diagnoses: [Coding]
    /// `coverage-assertion-id`s of the CRD coverage-information on that order.
    public var coverageAssertionIDs: [String]
    /// `satisfied-pa-id`s of the CRD coverage-information on that order.
    public var satisfiedPAIDs: [String]

    public init(
        sequence: Int, category: Coding, service: ServiceCode, modifiers: [ServiceCode] = [],
        quantity: CaseQuantity? = nil, serviced: ServicePeriod? = nil, location: Coding? = nil,
        certificationType: PASCertificationType, requestType: Coding, traceNumbers: [Identifier] = [],
        authorizationNumber: String? = nil, administrationReferenceNumber: String? = nil,
        isCancelled: Bool = false, infoChanged: PASInfoChange? = nil, requestedService: JSON? = nil, diagnoses: [Coding] = [],
        coverageAssertionIDs: [String] = [], satisfiedPAIDs: [String] = []
    ) {
        self.sequence = sequence
        self.category = category
        self.service = service
        self.modifiers = modifiers
        self.quantity = quantity
        self.serviced = serviced
        self.location = location
        self.certificationType = certificationType
        self.requestType = requestType
        self.traceNumbers = traceNumbers
        self.authorizationNumber = authorizationNumber
        self.administrationReferenceNumber = administrationReferenceNumber
        self.isCancelled = isCancelled
        self.infoChanged = infoChanged
        self.requestedService = requestedService
        self.diagnoses = diagnoses
        self.coverageAssertionIDs = coverageAssertionIDs
        self.satisfiedPAIDs = satisfiedPAIDs
    }
}
