import FHIR

/// One `Claim.supportingInfo` whose value is a reference to a resource in the Bundle (a DTR
/// QuestionnaireResponse, a DocumentReference, a US Core Condition …), resolved.
public struct PASSupportingInfo: Sendable, Hashable {
    public var sequence: Int?
    /// `supportingInfo.category`, its first coding (PASTempCodes `additionalInformation` …).
    public var category: Coding?
    public var resource: JSON

    public init(sequence: Int?, category: Coding?, resource: JSON) {
        self.sequence = sequence
        self.category = category
        self.resource = resource
    }

    public var isQuestionnaireResponse: Bool { resource.resourceType == "QuestionnaireResponse" }
}
