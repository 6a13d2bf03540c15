/// A practitioner or organization that orders or renders services, keyed by NPI.
public struct Provider: Sendable, Hashable, Codable, Identifiable {
    public var npi: String
    public var name: String
    public var kind: Kind
    /// NUCC taxonomy code.
    public var taxonomy: String?
    /// The specialty in words.
    public var specialty: String?

    public var id: String { npi }

    public init(npi: String, name: String, kind: Kind, taxonomy: String? = nil, specialty: String? = nil) {
        self.npi = npi
        self.name = name
        self.kind = kind
        self.taxonomy = taxonomy
        self.specialty = specialty
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case practitioner
        case organization
    }
}
