import CaseStore
import Eligibility
import FHIR
import Foundation

/// Claim Updates (PAS "Updating Authorization Requests"): a `$submit` whose Claim names the
/// Claim it replaces. The update carries every item; withdrawn ones (`infoCancelled`) are
/// cancelled, changed and added ones are adjudicated again, the rest keep their decision, and
/// the answer gives the current result of every item.
extension PASSubmitService {
    func update(
        _ request: PASRequest, received body: [UInt8], submitter: String, context: MemberContext, today: String, receivedAt: Date,
        deadline: ContinuousClock.Instant
    ) async throws -> PASAnswer {
        let relatedPath = "Bundle.entry[0].resource.related"
        let candidates = try await priorCases(of: request, submitter: submitter, memberID: context.member.id)
        guard let found = candidates.first else {
            return try errorAnswer(request, [.priorRequestNotFound(path: relatedPath)], at: receivedAt)
        }
        guard candidates.count == 1 else {
            return .refusal(422, OperationOutcome.error(
                .businessRule,
                "The prior Claim's identifiers match \(candidates.count) requests from this submitter; "
                    + "name the request by its authorization number (insurance.preAuthRef) instead.",
                expression: [relatedPath]))
        }
        guard let detail = try await store.caseDetail(id: found.id) else {
            return try errorAnswer(request, [.priorRequestNotFound(path: relatedPath)], at: receivedAt)
        }
        let update = caseUpdate(request, received: body, submitter: submitter, caseID: detail.paCase.id)
        do {
            // The store checks the update against the case inside its transaction (after
            // finding a concurrent copy of it, if any); its errors name the item at fault.
            let decisions = try await adjudicate(
                request, submitter: submitter, context: context, today: today,
                sequences: update.cancelsWholeRequest ? [] : Set(update.sequences(.changed) + update.sequences(.added)),
                deadline: deadline)
            let result = try await store.updateCase(update, decisions: decisions, decidedBy: Self.rulesActor, notify: notifier)
            return try answer(request, result.detail, at: receivedAt)
        } catch let error as CaseStoreError where error.code == .updateRefused {
            let path = Self.path(of: error, in: request)
            let current = try await store.paCase(id: detail.paCase.id)
            let condition: PASErrorCondition =
                current?.status == .cancelled ? .updateOfWithdrawnRequest(path: path) : .updateOfDeniedRequest(path: path)
            return try errorAnswer(request, [condition], at: receivedAt)
        }
    }

    /// The cases the update may replace: those whose Claim had one of the prior Claim's
    /// identifiers; failing that, the member's cases from this submitter with an authorization
    /// number the update quotes (`insurance.preAuthRef`, the items' `authorizationNumber`).
    private func priorCases(of request: PASRequest, submitter: String, memberID: String) async throws -> [PACase] {
        let identifiers = request.priorClaimIdentifiers.compactMap(RequestIdentifier.init)
        let byIdentifier = try await store.cases(submitter: submitter, claimIdentifiers: identifiers)
        if !byIdentifier.isEmpty { return byIdentifier }
        let numbers = Set(request.quotedAuthorizationNumbers)
        guard !numbers.isEmpty else { return [] }
        return try await store.cases(memberID: memberID).filter { paCase in
            paCase.submitter == submitter && paCase.authorizationNumber.map(numbers.contains) == true
        }
    }

    private func caseUpdate(_ request: PASRequest, received body: [UInt8], submitter: String, caseID: String) -> CaseUpdate {
        CaseUpdate(
            caseID: caseID, submitter: submitter, requestIdentifier: request.identifier,
            claimIdentifiers: request.claimIdentifiers.compactMap(RequestIdentifier.init),
            requestJSON: request.storedText(received: body), cancelsWholeRequest: request.cancelsWholeRequest,
            items: request.items.map { item in
                CaseUpdate.Item(
                    sequence: item.sequence, change: Self.change(of: item), service: item.service,
                    quantity: item.quantity, servicePeriod: item.serviced)
            })
    }

    /// What the update did to an item, from its PAS flags. Cancelling counts as a change in
    /// PAS (`infoChanged` = changed), so `infoCancelled` wins.
    static func change(of item: PASRequestItem) -> CaseUpdate.ItemChange {
        if item.isCancelled { return .cancelled }
        switch item.infoChanged {
        case .added?: return .added
        case .changed?: return .changed
        case nil: return .unchanged
        }
    }

    /// The FHIRPath of the element a store error is about: the item it names, else the Claim.
    static func path(of error: CaseStoreError, in request: PASRequest) -> String {
        guard let sequence = error.itemSequence, let index = request.items.firstIndex(where: { $0.sequence == sequence })
        else { return error.code == .invalidIntake ? "Bundle.entry[0].resource" : "Bundle.entry[0].resource.item" }
        return "Bundle.entry[0].resource.item[\(index)]"
    }
}

extension RequestIdentifier {
    /// A FHIR Identifier with a value, as the store keys requests and Claims.
    init?(_ identifier: Identifier) {
        guard let value = identifier.value, !value.isEmpty else { return nil }
        self.init(system: identifier.system ?? "", value: value)
    }
}

extension PASRequest {
    /// Authorization numbers the request quotes: the Claim's `insurance.preAuthRef` and the
    /// items' `authorizationNumber` extensions.
    var quotedAuthorizationNumbers: [String] {
        let fromInsurance = (claim["insurance"]?.array ?? []).flatMap { insurance in
            (insurance["preAuthRef"]?.array ?? []).compactMap(\.string)
        }
        return fromInsurance + items.compactMap(\.authorizationNumber)
    }
}
