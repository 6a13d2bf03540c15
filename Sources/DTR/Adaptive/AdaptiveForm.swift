import FHIR

/// The contained Questionnaire of an adaptive response (SDC adaptive forms): it starts empty,
/// `derivedFrom` the published form, and `$next-question` appends items to it.
enum AdaptiveForm {
    static let containedID = "adaptive-form"

    static func emptyContained(derivedFrom questionnaire: DTRArtifact, served: JSON) -> JSON {
        var elements: JSONObject = [
            "meta": ["profile": [.string(DTRVocabulary.Profile.adaptiveQuestionnaire)]],
            "extension": [["url": .string(DTRVocabulary.questionnaireAdaptive), "valueBoolean": true]],
            "url": .string(questionnaire.canonical.url),
        ]
        if let version = questionnaire.canonical.version { elements["version"] = .string(version) }
        for key in ["name", "title"] { if let value = served[key] { elements[key] = value } }
        elements["derivedFrom"] = [.string(questionnaire.versionedCanonical)]
        elements["_derivedFrom"] = [[
            "extension": [[
                "url": .string(DTRVocabulary.derivationType),
                "valueCodeableConcept": ["coding": [["system": "http://hl7.org/fhir/questionnaire-derivationType", "code": "compliesWith"]]],
            ]]
        ]]
        elements["status"] = "active"
        elements["subjectType"] = ["Patient"]
        return .resource(type: "Questionnaire", id: containedID, elements)
    }
}
