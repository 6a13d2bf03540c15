import CaseStore
import Eligibility
import FHIR
import Foundation

/// Answers one Claim item: the `ClaimResponse.item` with its review action and, for a modified
/// grant (A6), the `addItem` that says what was authorized instead.
struct PASResponseItemBuilder: Sendable {
    var caseID: String
    /// The moment of answering: the issue date of an authorization whose decision time is unknown.
    var moment: Date

    /// The answer for one requested item.
    struct Answer: Sendable {
        var item: JSON
        var addItem: JSON?
    }

    /// - Parameters:
    ///   - requestItem: the Claim's `item`, whose `sequence` and `itemTraceNumber` are echoed.
    ///   - caseItem: the case's item with that sequence; `nil` (or one without a review action)
    ///     answers A4, pended.
    ///   - noteNumber: the `processNote.number` holding this item's note, when it has one.
    func answer(to requestItem: JSON, caseItem: CaseItem?, noteNumber: Int?) -> Answer {
        let sequence = requestItem["sequence"]?.int ?? caseItem?.sequence ?? 0
        let action = caseItem?.reviewAction ?? .pended
        let requested = ServicePeriod(requestItem: requestItem)

        var extensions = requestItem.extensions(url: PASResponseURL.itemTraceNumber)
        if let requestedDate = requestedServiceDate(of: requestItem) {
            extensions.append(requestedDate)
        }
        if action.authorizesSomething {
            let issued = caseItem?.decidedAt ?? moment
            extensions.append(["url": .string(PASResponseURL.itemPreAuthIssueDate), "valueDate": .string(FHIRDate(issued).description)])
            if let period = (caseItem?.authorizedPeriod ?? caseItem?.servicePeriod ?? requested)?.fhirJSON {
                extensions.append(["url": .string(PASResponseURL.itemPreAuthPeriod), "valuePeriod": period])
            }
        }
        if action == .pended {
            let number = PASResponseNumbering.administrationReferenceNumber(caseID: caseID, sequence: sequence)
            extensions.append(["url": .string(PASResponseURL.administrationReferenceNumber), "valueString": .string(number)])
        }
        if action == .partiallyCertified || action == .modified {
            extensions.append(authorizedDetail(requestItem: requestItem, caseItem: caseItem))
        }

        // Pended items have no review number yet (the official pended example has none).
        let reviewNumber = action == .pended ? nil : PASResponseNumbering.reviewNumber(caseID: caseID, sequence: sequence)
        // Every reason the case holds is sent: CMS-0057-F wants the reasons of A3 and of the
        // denied part of A2/A6, and X12 HCR02 may also explain a pend.
        let review = PASReviewAction(action: action, number: reviewNumber, reasonCodes: caseItem?.reasonCodes ?? [])

        var item: JSON = [:]
        if !extensions.isEmpty { item["extension"] = .array(extensions) }
        item["itemSequence"] = .number(JSONNumber(sequence))
        if let noteNumber { item["noteNumber"] = [.number(JSONNumber(noteNumber))] }
        item["adjudication"] = [review.submittedAdjudication]

        // Typed: a bare `nil` in the conditional would become JSON's `null`.
        var addItem: JSON?
        if action == .modified {
            addItem = modifiedGrant(
                sequence: sequence, requestItem: requestItem, caseItem: caseItem, reviewNumber: reviewNumber, requested: requested)
        }
        return Answer(item: item, addItem: addItem)
    }

    /// `extension-itemRequestedServiceDate`: the date or period the item asked for, echoed so
    /// the submitter can compare it with the authorized period.
    private func requestedServiceDate(of requestItem: JSON) -> JSON? {
        if let period = requestItem["servicedPeriod"] {
            return ["url": .string(PASResponseURL.itemRequestedServiceDate), "valuePeriod": period]
        }
        if let date = requestItem["servicedDate"] {
            return ["url": .string(PASResponseURL.itemRequestedServiceDate), "valueDateTime": date]
        }
        return nil
    }

    /// `extension-itemAuthorizedDetail` for A2 and A6: the service (as requested; the case keeps
    /// no other) and the quantity actually authorized.
    private func authorizedDetail(requestItem: JSON, caseItem: CaseItem?) -> JSON {
        var parts: [JSON] = []
        if let service = requestItem["productOrService"] {
            parts.append(["url": "productOrServiceCode", "valueCodeableConcept": service])
        }
        if let quantity = caseItem?.authorizedQuantity?.fhirJSON {
            parts.append(["url": "quantity", "valueQuantity": quantity])
        }
        return ["extension": .array(parts), "url": .string(PASResponseURL.itemAuthorizedDetail)]
    }

    /// The `addItem` of a modified grant (A6), linked to the request item by `itemSequence`.
    /// What it lists is what the payer authorizes, so its own review action is A1 with the
    /// item's review number (as in the IG's additional-content example).
    private func modifiedGrant(
        sequence: Int, requestItem: JSON, caseItem: CaseItem?, reviewNumber: String?, requested: ServicePeriod?
    ) -> JSON {
        var addItem: JSON = ["itemSequence": [.number(JSONNumber(sequence))]]
        if let service = requestItem["productOrService"] { addItem["productOrService"] = service }
        if let period = (caseItem?.authorizedPeriod ?? requested)?.fhirJSON { addItem["servicedPeriod"] = period }
        if let quantity = caseItem?.authorizedQuantity?.fhirJSON ?? requestItem["quantity"] { addItem["quantity"] = quantity }
        let grant = PASReviewAction(action: .certified, number: reviewNumber)
        addItem["adjudication"] = [grant.submittedAdjudication]
        return addItem
    }
}
