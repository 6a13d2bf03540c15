/// Identifier systems the member and provider lookups read.
public enum IdentifierSystem {
    /// US National Provider Identifiers.
    public static let npi = "http://hl7.org/fhir/sid/us-npi"
    /// HL7 v2 table 0203 (identifier types); `MB` is the member number.
    public static let v2IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203"
    /// The member-number identifier type in ``v2IdentifierType``.
    public static let memberNumber = "MB"
}
