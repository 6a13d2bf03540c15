import CaseStore
import FHIR

/// The `extension-reviewAction` of an adjudication: the X12 306 code (HCR01), the item review
/// number (HCR03) and the X12 886 reasons (HCR02).
///
/// Shaped as in the official examples: a complex extension whose sub-extensions are `number`
/// (valueString) and `…/extension-reviewActionCode` (valueCodeableConcept), then one
/// `reasonCode` (valueCodeableConcept) per reason.
struct PASReviewAction: Sendable, Hashable {
    var action: ReviewAction
    /// The item review number; absent for pended items, which have none yet.
    var number: String?
    /// X12 886 review decision reason codes.
    var reasonCodes: [String] = []

    var json: JSON {
        var parts: [JSON] = []
        if let number {
            parts.append(["url": "number", "valueString": .string(number)])
        }
        parts.append([
            "url": .string(PASResponseURL.reviewActionCode),
            "valueCodeableConcept": CodeableConcept(action.x12Coding).json,
        ])
        for reason in reasonCodes {
            let coding = Coding(system: PASVocabulary.X12.reviewDecisionReason, code: reason)
            parts.append(["url": "reasonCode", "valueCodeableConcept": CodeableConcept(coding).json])
        }
        return ["extension": .array(parts), "url": .string(PASResponseURL.reviewAction)]
    }

    /// An `adjudication` entry with category `submitted` (fixed by PAS) carrying this review action.
    var submittedAdjudication: JSON {
        let category = Coding(system: PASResponseURL.adjudicationCategory, code: "submitted")
        return ["extension": [json], "category": CodeableConcept(category).json]
    }
}
