import CaseStore
import FHIR

/// The 2.2 header extension `claimResponseReviewer`: whether a person reviewed the request.
enum PASClaimResponseReviewer {
    /// The actor the case store records for decisions the rules made (see `CaseItem.decidedBy`).
    static let rulesActor = "rules"

    /// `wasHumanReviewedFlag` is true when any item's current decision was made by someone
    /// other than the rules; `nil` (no extension) while no item has a recorded decision maker.
    static func extensionJSON(for items: [CaseItem]) -> JSON? {
        let deciders = items.compactMap(\.decidedBy)
        guard !deciders.isEmpty else { return nil }
        let human = deciders.contains { $0 != rulesActor }
        return [
            "extension": [["url": "wasHumanReviewedFlag", "valueBoolean": .bool(human)]],
            "url": .string(PASResponseURL.claimResponseReviewer),
        ]
    }
}
