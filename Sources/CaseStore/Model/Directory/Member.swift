/// A member (the FHIR Patient) of a payer.
///
/// The Patient resource is kept whole as JSON text next to the few fields the store queries
/// by, so the views answer with exactly what was loaded.
public struct Member: Sendable, Hashable, Codable, Identifiable {
    /// The payer's member id.
    public var id: String
    public var payerID: String
    public var givenName: String?
    public var familyName: String?
    /// A FHIR date (`1961-04-12`).
    public var birthDate: String?
    /// FHIR administrative gender: male, female, other, unknown.
    public var gender: String?
    /// The FHIR Patient resource as JSON text.
    public var patientJSON: String

    public init(
        id: String,
        payerID: String,
        givenName: String? = nil,
        familyName: String? = nil,
        birthDate: String? = nil,
        gender: String? = nil,
        patientJSON: String
    ) {
        self.id = id
        self.payerID = payerID
        self.givenName = givenName
        self.familyName = familyName
        self.birthDate = birthDate
        self.gender = gender
        self.patientJSON = patientJSON
    }
}
