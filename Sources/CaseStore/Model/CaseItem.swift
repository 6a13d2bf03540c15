import Foundation

/// One line of a request (`Claim.item`), with its latest review.
public struct CaseItem: Sendable, Hashable, Codable {
    public var caseID: String
    /// The Claim item's `sequence`; responses echo it.
    public var sequence: Int
    public var service: ServiceCode
    public var quantity: Quantity?
    public var servicePeriod: ServicePeriod?
    public var status: ItemStatus
    /// The latest X12 306 review action, `nil` until the item is first reviewed.
    public var reviewAction: ReviewAction?
    /// X12 review decision reason codes (system ``ItemDecision/reasonCodeSystem``).
    public var reasonCodes: [String]
    /// The sentence a person reads about the decision (the ClaimResponse `processNote`).
    public var note: String?
    public var authorizedQuantity: Quantity?
    public var authorizedPeriod: ServicePeriod?
    /// When the item's current final decision was made (a correction replaces it; the case's own
    /// ``PACase/decidedAt`` keeps the first, which is what the clock measures). Pending (A4) and
    /// contact-payer (CT) are not final decisions and leave this unset.
    public var decidedAt: Date?
    /// Who made the current final decision: a reviewer, or `rules`.
    public var decidedBy: String?
    /// Whether that decision came by the case's effective due time.
    public var onTime: Bool?

    public init(
        caseID: String,
        sequence: Int,
        service: ServiceCode,
        quantity: Quantity? = nil,
        servicePeriod: ServicePeriod? = nil,
        status: ItemStatus = .received,
        reviewAction: ReviewAction? = nil,
        reasonCodes: [String] = [],
        note: String? = nil,
        authorizedQuantity: Quantity? = nil,
        authorizedPeriod: ServicePeriod? = nil,
        decidedAt: Date? = nil,
        decidedBy: String? = nil,
        onTime: Bool? = nil
    ) {
        self.caseID = caseID
        self.sequence = sequence
        self.service = service
        self.quantity = quantity
        self.servicePeriod = servicePeriod
        self.status = status
        self.reviewAction = reviewAction
        self.reasonCodes = reasonCodes
        self.note = note
        self.authorizedQuantity = authorizedQuantity
        self.authorizedPeriod = authorizedPeriod
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.onTime = onTime
    }
}
