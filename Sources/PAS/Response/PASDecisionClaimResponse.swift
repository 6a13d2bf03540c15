import CaseStore
import Eligibility
import FHIR
import Foundation

/// A ClaimResponse that reports a case's decisions on a request: the `$submit` answer and each
/// ClaimResponse of an inquiry answer.
struct PASDecisionClaimResponse: Sendable {
    var version: PASVersion
    var request: PASAnsweredRequest
    var detail: CaseDetail
    var profile: String
    /// Whether to echo `Claim.insurance` (the inquiry response examples carry it).
    var withInsurance: Bool
    var moment: Date

    var header: PASClaimResponseHeader {
        var extensions: [JSON] = []
        if version.hasClaimResponseReviewer, let reviewer = PASClaimResponseReviewer.extensionJSON(for: detail.items) {
            extensions.append(reviewer)
        }
        return PASClaimResponseHeader(request: request, id: detail.paCase.id, profile: profile, extensions: extensions, moment: moment)
    }

    /// The items the answer covers: the Claim's, in order, each with the case item of the same
    /// sequence. A Claim without items (a whole-request cancel) is answered with the case's items.
    private var answeredItems: [(request: JSON, caseItem: CaseItem?)] {
        let requested = request.items
        guard !requested.isEmpty else {
            return detail.items.map { item -> (request: JSON, caseItem: CaseItem?) in
                (["sequence": .number(JSONNumber(item.sequence))], item)
            }
        }
        return requested.map { item in
            let sequence = item["sequence"]?.int
            return (item, detail.items.first { $0.sequence == sequence })
        }
    }

    var json: JSON {
        let builder = PASResponseItemBuilder(caseID: detail.paCase.id, moment: moment)
        var items: [JSON] = []
        var addItems: [JSON] = []
        var notes: [JSON] = []
        var actions: [ReviewAction?] = []
        var authorizedPeriods: [ServicePeriod] = []

        for (requestItem, caseItem) in answeredItems {
            var noteNumber: Int?
            if let note = caseItem?.note, !note.isEmpty {
                let number = notes.count + 1
                noteNumber = number
                notes.append(["number": .number(JSONNumber(number)), "type": "display", "text": .string(note)])
            }
            let answer = builder.answer(to: requestItem, caseItem: caseItem, noteNumber: noteNumber)
            items.append(answer.item)
            if let addItem = answer.addItem { addItems.append(addItem) }
            actions.append(caseItem?.reviewAction)
            if caseItem?.reviewAction?.authorizesSomething == true,
                let period = caseItem?.authorizedPeriod ?? caseItem?.servicePeriod ?? ServicePeriod(requestItem: requestItem)
            {
                authorizedPeriods.append(period)
            }
        }

        var json = header.json
        json["outcome"] = .string(PASResponseOutcome.of(actions).rawValue)
        // The authorization number is the payer's answer to "what do I quote on the claim",
        // so it is given only once something is authorized.
        if actions.contains(where: { $0?.authorizesSomething == true }), let number = detail.paCase.authorizationNumber {
            json["preAuthRef"] = .string(number)
            if let period = ServicePeriod.spanning(authorizedPeriods)?.fhirJSON { json["preAuthPeriod"] = period }
        }
        if !items.isEmpty { json["item"] = .array(items) }
        if !addItems.isEmpty { json["addItem"] = .array(addItems) }
        if !notes.isEmpty { json["processNote"] = .array(notes) }
        if withInsurance, let insurance = echoedInsurance { json["insurance"] = insurance }
        return json
    }

    /// `Claim.insurance` with each `coverage` pointing to the Coverage entry's `fullUrl`.
    private var echoedInsurance: JSON? {
        guard let insurances = request.claim["insurance"]?.array, !insurances.isEmpty else { return nil }
        return .array(insurances.map { insurance in
            var echoed: JSON = [:]
            for key in ["sequence", "focal"] { echoed[key] = insurance[key] }
            if let fullUrl = request.entry(pointedToBy: insurance["coverage"])?.fullUrl {
                echoed["coverage"] = ["reference": .string(fullUrl)]
            } else {
                echoed["coverage"] = insurance["coverage"]
            }
            return echoed
        })
    }
}
