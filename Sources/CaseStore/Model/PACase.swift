import Foundation

/// One prior-authorization request and where it stands: the row the review queue, PAS
/// responses and the CMS report all read.
public struct PACase: Sendable, Hashable, Codable, Identifiable {
    /// A readable id, `GL-` followed by a ULID (time-ordered, so ids sort by creation).
    public var id: String
    /// The organization or client that sent the request.
    public var submitter: String
    public var requestIdentifier: RequestIdentifier
    public var memberID: String
    public var providerNPI: String?
    public var insurerID: String?
    public var urgency: Urgency
    /// When the request was received; the clock starts here.
    public var receivedAt: Date
    /// The due time computed at intake. It never changes; an extension sets ``dueTimeExtension``.
    public var dueAt: Date
    /// The one extension the case may have.
    public var dueTimeExtension: DueTimeExtension?
    public var status: CaseStatus
    public var authorizationNumber: String?
    /// The CRD `coverage-assertion-id` that ties this request to its CRD and DTR context.
    public var coverageAssertionID: String?
    /// When the case reached a final status (every item settled): its decision for the clock and
    /// the CMS report. A reviewer's later correction does not move it; an update that re-opens
    /// the case (a changed or added item) clears it until the case is settled again.
    public var decidedAt: Date?
    /// Whether ``decidedAt`` was at or before ``effectiveDueAt``.
    public var onTime: Bool?
    public var escalation: EscalationLevel
    /// The current version of the request (the PAS request Bundle), as JSON text: the one
    /// received at intake until a Claim Update replaces it (every version is kept; see
    /// ``CaseStore/requestVersions(caseID:)``).
    public var requestJSON: String

    public init(
        id: String,
        submitter: String,
        requestIdentifier: RequestIdentifier,
        memberID: String,
        providerNPI: String? = nil,
        insurerID: String? = nil,
        urgency: Urgency,
        receivedAt: Date,
        dueAt: Date,
        dueTimeExtension: DueTimeExtension? = nil,
        status: CaseStatus = .received,
        authorizationNumber: String? = nil,
        coverageAssertionID: String? = nil,
        decidedAt: Date? = nil,
        onTime: Bool? = nil,
        escalation: EscalationLevel = .none,
        requestJSON: String
    ) {
        self.id = id
        self.submitter = submitter
        self.requestIdentifier = requestIdentifier
        self.memberID = memberID
        self.providerNPI = providerNPI
        self.insurerID = insurerID
        self.urgency = urgency
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.dueTimeExtension = dueTimeExtension
        self.status = status
        self.authorizationNumber = authorizationNumber
        self.coverageAssertionID = coverageAssertionID
        self.decidedAt = decidedAt
        self.onTime = onTime
        self.escalation = escalation
        self.requestJSON = requestJSON
    }

    /// The due time that counts: the extended one if the case was extended.
    public var effectiveDueAt: Date { dueTimeExtension?.dueAt ?? dueAt }

    /// Whether the case has reached a final status.
    public var isDecided: Bool { decidedAt != nil }
}
