/// A member's coverage under a plan (the FHIR Coverage), kept whole as JSON text beside the
/// fields the store queries by.
public struct MemberCoverage: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var memberID: String
    public var payerID: String
    /// The contract or plan id, when known.
    public var planID: String?
    public var subscriberID: String?
    /// FHIR subscriber relationship: self, spouse, child, …
    public var relationship: String?
    /// FHIR Coverage status: active, cancelled, draft, entered-in-error.
    public var status: String
    /// FHIR dates.
    public var periodStart: String?
    public var periodEnd: String?
    /// The FHIR Coverage resource as JSON text.
    public var coverageJSON: String

    public init(
        id: String,
        memberID: String,
        payerID: String,
        planID: String? = nil,
        subscriberID: String? = nil,
        relationship: String? = nil,
        status: String = "active",
        periodStart: String? = nil,
        periodEnd: String? = nil,
        coverageJSON: String
    ) {
        self.id = id
        self.memberID = memberID
        self.payerID = payerID
        self.planID = planID
        self.subscriberID = subscriberID
        self.relationship = relationship
        self.status = status
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.coverageJSON = coverageJSON
    }
}
