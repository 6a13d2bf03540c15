import Foundation

/// A new version of a request already in the store: a PAS Claim Update, which carries every item
/// ever sent (sequence preserved) and says what this version did to each.
///
/// The store applies it in one transaction: withdrawn items get review action C, changed items
/// lose their earlier decision and wait for a new one, added items join the case, unchanged
/// items keep theirs. The case keeps its receipt and due time (the clock does not restart; see
/// ``DecisionClock``), and a case that had been decided is open again until its new items are.
public struct CaseUpdate: Sendable, Hashable {
    /// The case the update replaces the request of.
    public var caseID: String
    /// Who sent it; only the submitter of the case may update it.
    public var submitter: String
    /// This version's own identifier (`Bundle.identifier`): the same update sent twice is
    /// answered, never applied twice.
    public var requestIdentifier: RequestIdentifier
    /// The identifiers of this version's Claim, by which a later update names it.
    public var claimIdentifiers: [RequestIdentifier]
    public var requestJSON: String
    /// The whole request is withdrawn (PAS Claim-level certificationType `3`): every item not
    /// already cancelled is.
    public var cancelsWholeRequest: Bool
    public var items: [Item]

    public init(
        caseID: String, submitter: String, requestIdentifier: RequestIdentifier,
        claimIdentifiers: [RequestIdentifier] = [], requestJSON: String, cancelsWholeRequest: Bool = false,
        items: [Item]
    ) {
        self.caseID = caseID
        self.submitter = submitter
        self.requestIdentifier = requestIdentifier
        self.claimIdentifiers = claimIdentifiers
        self.requestJSON = requestJSON
        self.cancelsWholeRequest = cancelsWholeRequest
        self.items = items
    }

    /// One item of the new version.
    public struct Item: Sendable, Hashable {
        public var sequence: Int
        public var change: ItemChange
        public var service: ServiceCode
        public var quantity: Quantity?
        public var servicePeriod: ServicePeriod?

        public init(
            sequence: Int, change: ItemChange, service: ServiceCode, quantity: Quantity? = nil,
            servicePeriod: ServicePeriod? = nil
        ) {
            self.sequence = sequence
            self.change = change
            self.service = service
            self.quantity = quantity
            self.servicePeriod = servicePeriod
        }
    }

    /// What this version did to an item.
    public enum ItemChange: String, Sendable, Hashable, Codable {
        /// As before; its decision stands.
        case unchanged
        /// Changed since the last version: decided again.
        case changed
        /// New in this version.
        case added
        /// Withdrawn by the submitter.
        case cancelled
    }

    /// The sequences of the items with `change`.
    public func sequences(_ change: ItemChange) -> [Int] {
        items.filter { $0.change == change }.map(\.sequence)
    }
}

/// What ``CaseStore/updateCase(_:decisions:decidedBy:notify:)`` did.
public struct CaseUpdateResult: Sendable, Hashable {
    public var detail: CaseDetail
    /// The version this update became (the original request is version 1).
    public var version: Int
    /// `false` when this update had been applied before (the same submitter and request
    /// identifier): nothing was changed and `detail` is the case as it stands.
    public var applied: Bool

    public init(detail: CaseDetail, version: Int, applied: Bool) {
        self.detail = detail
        self.version = version
        self.applied = applied
    }
}

extension CaseUpdate {
    /// Checks the update against the case as it stands, before anything is written. The store
    /// runs it inside the update's transaction, after looking for an earlier copy of the same
    /// update, so a concurrent duplicate is answered rather than refused; its errors carry the
    /// item's sequence, so the PAS service can name the element at fault.
    public func validate(against detail: CaseDetail) throws(CaseStoreError) {
        func refuse(_ message: String, item: Int? = nil) -> CaseStoreError {
            CaseStoreError(.invalidUpdate, message, itemSequence: item)
        }
        guard detail.paCase.submitter == submitter else { throw CaseStoreError.caseNotFound(caseID) }
        switch detail.paCase.status {
        case .denied:
            throw CaseStoreError(.updateRefused, "case \(caseID) was denied; a denied request cannot be updated")
        case .cancelled:
            throw CaseStoreError(.updateRefused, "case \(caseID) was withdrawn; send a new request")
        default: break
        }
        guard !items.isEmpty || cancelsWholeRequest else { throw refuse("an update needs its items") }
        var seen = Set<Int>()
        let existing = Dictionary(detail.items.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        for item in items {
            guard item.sequence > 0 else { throw refuse("item sequence \(item.sequence) is not positive", item: item.sequence) }
            guard seen.insert(item.sequence).inserted else { throw refuse("item sequence \(item.sequence) appears twice", item: item.sequence) }
            guard !item.service.code.isEmpty else { throw refuse("item \(item.sequence) has no service code", item: item.sequence) }
            if let quantity = item.quantity, !quantity.hasValidValue {
                throw refuse("item \(item.sequence) quantity \"\(quantity.value)\" is not a decimal", item: item.sequence)
            }
            let before = existing[item.sequence]
            switch item.change {
            case .added:
                if before != nil {
                    throw refuse("item \(item.sequence) was sent before; it cannot be added again", item: item.sequence)
                }
            case .unchanged, .changed, .cancelled:
                guard let before else {
                    throw refuse("item \(item.sequence) was not in the earlier request; mark it as added", item: item.sequence)
                }
                if item.change == .changed, before.reviewAction == .cancelled {
                    throw refuse("item \(item.sequence) was cancelled; send it as a new item", item: item.sequence)
                }
                if item.change == .changed, before.reviewAction == .notCertified {
                    throw CaseStoreError(
                        .updateRefused, "item \(item.sequence) was denied; a denied item cannot be changed by an update",
                        itemSequence: item.sequence)
                }
            }
        }
        if !cancelsWholeRequest, let missing = existing.keys.sorted().first(where: { !seen.contains($0) }) {
            throw refuse("item \(missing) is missing; an update carries every item sent before", item: missing)
        }
    }
}
