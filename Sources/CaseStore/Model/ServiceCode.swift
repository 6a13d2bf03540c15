/// The service asked for on one item (`Claim.item.productOrService`): CPT, HCPCS, X12 service
/// type, ICD-10-PCS or NDC, as a system and a code.
public struct ServiceCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public var system: String
    public var code: String

    public init(system: String, code: String) {
        self.system = system
        self.code = code
    }

    public var description: String { "\(system)|\(code)" }
}
