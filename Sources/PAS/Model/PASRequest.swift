import CaseStore
import FHIR

/// What the submit service needs from a PAS request Bundle that passed every check of
/// ``PASRequestReader``: who asks, for whom, from which payer, for what, and how fast.
///
/// The whole Bundle is kept: the response echoes the request's resources with their
/// `fullUrl`s, and the case keeps what was sent.
public struct PASRequest: Sendable, Hashable {
    /// The request Bundle as sent (unwrapped from `Parameters` when it came that way).
    public var bundle: JSON
    /// `Bundle.identifier`: the submitter's transaction number.
    public var identifier: RequestIdentifier
    /// `Bundle.timestamp`.
    public var timestamp: FHIRInstant
    /// Whether the Bundle came wrapped in a `Parameters` (`resource`), as `$submit` defines.
    public var wasWrappedInParameters: Bool

    /// The first entry: a PAS Claim or Claim Update.
    public var claim: JSON
    public var claimFullURL: String
    /// `Claim.identifier` (the patient event trace numbers).
    public var claimIdentifiers: [Identifier]

    /// The Claim Update's `related.claim` (relationship `prior`), resolved in the Bundle;
    /// `nil` for a new request.
    public var priorClaim: JSON?
    /// Whether this is a Claim Update (it names a prior Claim).
    public var isUpdate: Bool { priorClaim != nil }
    /// The prior Claim's identifiers, by which the earlier case is found.
    public var priorClaimIdentifiers: [Identifier]
    /// A Claim-level `certificationType` (on a Claim Update; `3` cancels the whole request).
    public var certificationType: PASCertificationType?
    /// Whether the whole request is withdrawn (Claim-level certificationType `3`).
    public var cancelsWholeRequest: Bool { certificationType == .cancel }

    public var patient: JSON
    /// The focal `insurance.coverage` (else the first).
    public var coverage: JSON
    public var insurer: JSON
    /// An Organization (PASRequestor) or a PractitionerRole.
    public var provider: JSON

    /// `Coverage.subscriberId`, else a member-number (`MB`) identifier of the Coverage or the Patient.
    public var memberID: String?
    /// The provider's NPIs (`http://hl7.org/fhir/sid/us-npi`), its practitioner's and its organization's.
    public var providerNPIs: [String]
    /// The insurer's first identifier with a value.
    public var insurerIdentifier: Identifier?

    public var urgency: PASUrgency

    public var items: [PASRequestItem]
    public var supportingInfo: [PASSupportingInfo]
    /// The reader's index of the Bundle, kept so the submit service resolves the Coverage's
    /// payor without indexing the Bundle again; `nil` for a request built by hand.
    var resolver: BundleResolver?

    public init(
        bundle: JSON, identifier: RequestIdentifier, timestamp: FHIRInstant, wasWrappedInParameters: Bool,
        claim: JSON, claimFullURL: String, claimIdentifiers: [Identifier], priorClaim: JSON?,
        priorClaimIdentifiers: [Identifier], certificationType: PASCertificationType?, patient: JSON, coverage: JSON,
        insurer: JSON, provider: JSON, memberID: String?, providerNPIs: [String], insurerIdentifier: Identifier?,
        urgency: PASUrgency, items: [PASRequestItem], supportingInfo: [PASSupportingInfo]
    ) {
        self.bundle = bundle
        self.identifier = identifier
        self.timestamp = timestamp
        self.wasWrappedInParameters = wasWrappedInParameters
        self.claim = claim
        self.claimFullURL = claimFullURL
        self.claimIdentifiers = claimIdentifiers
        self.priorClaim = priorClaim
        self.priorClaimIdentifiers = priorClaimIdentifiers
        self.certificationType = certificationType
        self.patient = patient
        self.coverage = coverage
        self.insurer = insurer
        self.provider = provider
        self.memberID = memberID
        self.providerNPIs = providerNPIs
        self.insurerIdentifier = insurerIdentifier
        self.urgency = urgency
        self.items = items
        self.supportingInfo = supportingInfo
    }

    /// The request as the response builders read it, from the reader's index when there is one.
    func answered() throws(OperationOutcome) -> PASAnsweredRequest {
        if let resolver { return try PASAnsweredRequest(resolver) }
        return try PASAnsweredRequest(bundle)
    }

    /// The DTR QuestionnaireResponses among the supporting information.
    public var questionnaireResponses: [JSON] {
        supportingInfo.filter(\.isQuestionnaireResponse).map(\.resource)
    }

    /// The distinct CRD `coverage-assertion-id`s of the items' orders, in item order.
    public var coverageAssertionIDs: [String] {
        var seen = Set<String>()
        return items.flatMap(\.coverageAssertionIDs).filter { seen.insert($0).inserted }
    }
}

extension PASRequest {
    /// The request as its case keeps it: `body` as received when it was the Bundle itself (what
    /// the submitter sent, byte for byte, as the CRD hook log keeps its requests, and no time
    /// spent writing it out again); the Bundle written out when it came inside a `Parameters`.
    public func storedText(received body: [UInt8]) -> String {
        wasWrappedInParameters ? bundle.serializedString() : String(decoding: body, as: UTF8.self)
    }
}
