/// A plan or contract of a payer; CMS reports are per contract or plan.
public struct HealthPlan: Sendable, Hashable, Codable, Identifiable {
    /// The contract or plan id (for example `H1234-001`).
    public var id: String
    public var payerID: String
    public var name: String
    public var lineOfBusiness: LineOfBusiness

    public init(id: String, payerID: String, name: String, lineOfBusiness: LineOfBusiness) {
        self.id = id
        self.payerID = payerID
        self.name = name
        self.lineOfBusiness = lineOfBusiness
    }
}

/// The program a plan belongs to; CMS-0057-F rules differ between them (QHPs on the exchanges
/// are outside the decision timeframes, for instance).
public enum LineOfBusiness: String, Sendable, Hashable, Codable, CaseIterable {
    case medicareAdvantage = "medicare-advantage"
    case medicaid
    case chip
    /// A qualified health plan on a federally facilitated exchange.
    case exchange
    case commercial
}
