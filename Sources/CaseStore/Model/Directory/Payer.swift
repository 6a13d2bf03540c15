/// A payer (a health plan organization).
public struct Payer: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    /// The payer's business identifier (for example a NAIC code or a CMS payer id).
    public var identifierSystem: String?
    public var identifierValue: String?

    public init(id: String, name: String, identifierSystem: String? = nil, identifierValue: String? = nil) {
        self.id = id
        self.name = name
        self.identifierSystem = identifierSystem
        self.identifierValue = identifierValue
    }
}
