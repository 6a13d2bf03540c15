import FHIR

extension PASErrorCondition {
    /// This error as a `ClaimResponse.error` entry, extensions in the order of the official
    /// error example: `errorElement`, `errorPath`, `errorFollowupAction`, then `code`.
    func claimResponseError(version: PASVersion) -> JSON {
        var extensions: [JSON] = []
        if let element {
            switch version.errorElementShape {
            case .valueString:
                extensions.append(["url": .string(PASResponseURL.errorElement), "valueString": .string(element)])
            case .subExtensions:
                extensions.append([
                    "extension": [["url": "error", "valueString": .string(element)]],
                    "url": .string(PASResponseURL.errorElement),
                ])
            }
        }
        if let path {
            extensions.append(["url": .string(PASResponseURL.errorPath), "valueString": .string(path)])
        }
        if let followupAction {
            let coding = Coding(system: PASVocabulary.X12.followUpAction, code: followupAction)
            extensions.append(["url": .string(PASResponseURL.errorFollowupAction), "valueCodeableConcept": CodeableConcept(coding).json])
        }
        var error: JSON = [:]
        if !extensions.isEmpty { error["extension"] = .array(extensions) }
        error["code"] = CodeableConcept(Coding(system: PASVocabulary.X12.rejectReason, code: rejectReason)).json
        return error
    }
}
