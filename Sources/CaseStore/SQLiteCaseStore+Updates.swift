import Foundation
internal import GRDB

extension SQLiteCaseStore {
    public func updateCase(
        _ update: CaseUpdate, decisions: [Int: ItemDecision], decidedBy actor: String, notify: NotificationBuilder?
    ) async throws -> CaseUpdateResult {
        if !decisions.isEmpty { try Self.validate(decisions, actor: actor) }
        return try await groupedWrite { db in
            try self.updateCase(db, update, decisions: decisions, actor: actor, notify: notify)
        }
    }

    public func cases(submitter: String, claimIdentifiers: [RequestIdentifier]) async throws -> [PACase] {
        guard !claimIdentifiers.isEmpty else { return [] }
        return try await readInPlace { db in
            var ids: [String] = []
            for identifier in claimIdentifiers {
                let found = try String.fetchAll(
                    db,
                    sql: """
                        SELECT case_id FROM case_claim_identifier
                        WHERE submitter = ? AND value = ? AND system = ?
                        """,
                    arguments: [submitter, identifier.value, identifier.system])
                for id in found where !ids.contains(id) { ids.append(id) }
            }
            return try ids.compactMap { try CaseRecord.fetchOne(db, key: $0)?.model }
        }
    }

    public func requestVersions(caseID: String) async throws -> [CaseRequestVersion] {
        try await readInPlace { db in
            let updates = try CaseRequestRecord
                .filter(Column(CaseRequestRecord.CodingKeys.caseID) == caseID)
                .order(Column(CaseRequestRecord.CodingKeys.version))
                .fetchAll(db)
                .map(\.model)
            guard updates.isEmpty else { return updates }
            // Never updated: the original is the case's own request.
            guard let paCase = try CaseRecord.fetchOne(db, key: caseID)?.model else { return [] }
            return [Self.originalVersion(of: paCase)]
        }
    }

    /// ``updateCase(_:decisions:decidedBy:notify:)`` inside a write transaction.
    private func updateCase(
        _ db: Database, _ update: CaseUpdate, decisions: [Int: ItemDecision], actor: String,
        notify: NotificationBuilder?
    ) throws -> CaseUpdateResult {
        // Serialized writes see every committed update: a duplicate, concurrent or not, finds
        // the first one here (and the unique index catches any other path).
        if let earlier = try Self.updateVersion(db, submitter: update.submitter, requestIdentifier: update.requestIdentifier) {
            return CaseUpdateResult(detail: try Self.detail(db, caseID: earlier.caseID), version: earlier.version, applied: false)
        }
        let record = try Self.existingCaseRecord(db, id: update.caseID)
        let before = CaseDetail(paCase: record.model, items: try Self.itemRecords(db, caseID: update.caseID).map(\.model))
        try update.validate(against: before)
        let now = self.now()
        let version = try recordVersion(db, update, replacing: before.paCase, at: now)

        var items = before.items
        for change in update.items where change.change != .unchanged {
            try apply(db, change, to: &items, caseID: update.caseID, actor: update.submitter, at: now)
        }
        // A whole-request cancel withdraws every item, whatever the update says of each.
        if update.cancelsWholeRequest {
            for item in items where item.reviewAction != .cancelled {
                let cancel = CaseUpdate.Item(sequence: item.sequence, change: .cancelled, service: item.service)
                try apply(db, cancel, to: &items, caseID: update.caseID, actor: update.submitter, at: now)
            }
        }

        var paCase = before.paCase
        paCase.requestJSON = update.requestJSON
        try db.execute(sql: "UPDATE pa_case SET request_json = ? WHERE id = ?", arguments: [paCase.requestJSON, paCase.id])
        let settled = try rollUp(db, before: paCase, items: items, actor: update.submitter, at: now)

        let detail: CaseDetail
        if decisions.isEmpty {
            detail = CaseDetail(paCase: settled, items: items)
            try Self.enqueueNotifications(db, notify, for: detail, at: now)
        } else {
            detail = try recordDecisions(db, caseID: update.caseID, decisions: decisions, actor: actor, notify: notify)
        }
        return CaseUpdateResult(detail: detail, version: version, applied: true)
    }

    /// Keeps the update as the next version (copying the original in as version 1 the first
    /// time), files its Claim identifiers, and writes the `update` event. Returns the version.
    private func recordVersion(_ db: Database, _ update: CaseUpdate, replacing paCase: PACase, at now: Date) throws -> Int {
        let latest = try Int.fetchOne(
            db, sql: "SELECT max(version) FROM case_request WHERE case_id = ?", arguments: [paCase.id])
        if latest == nil {
            try CaseRequestRecord(Self.originalVersion(of: paCase)).insert(db)
        }
        let version = (latest ?? 1) + 1
        let next = CaseRequestVersion(
            caseID: paCase.id, version: version, submitter: update.submitter,
            requestIdentifier: update.requestIdentifier, kind: update.cancelsWholeRequest ? .cancel : .update,
            receivedAt: now, requestJSON: update.requestJSON)
        do {
            try CaseRequestRecord(next).insert(db)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw CaseStoreError(
                .invalidUpdate, "request \(update.requestIdentifier) was already used for another request; give the update its own identifier")
        }
        try Self.insertClaimIdentifiers(db, update.claimIdentifiers, caseID: paCase.id, submitter: update.submitter)
        try CaseEventWriter.append(
            db, caseID: paCase.id, at: now, actor: update.submitter, kind: .update,
            after: EventState.Update(
                version: version, requestIdentifier: update.requestIdentifier.description,
                cancelsWholeRequest: update.cancelsWholeRequest, added: update.sequences(.added),
                changed: update.sequences(.changed), cancelled: update.sequences(.cancelled)))
        return version
    }

    /// One item's change, with its event.
    private func apply(
        _ db: Database, _ change: CaseUpdate.Item, to items: inout [CaseItem], caseID: String, actor: String,
        at now: Date
    ) throws {
        let index = items.firstIndex { $0.sequence == change.sequence }
        switch (change.change, index) {
        case (.added, _):
            let added = CaseItem(
                caseID: caseID, sequence: change.sequence, service: change.service, quantity: change.quantity,
                servicePeriod: change.servicePeriod)
            try CaseItemRecord(added).insertRow(db)
            try CaseEventWriter.append(
                db, caseID: caseID, at: now, actor: actor, kind: .itemAdded, itemSequence: change.sequence, after: added)
            items.append(added)
            items.sort { $0.sequence < $1.sequence }
        case (.changed, let index?):
            // The earlier decision was about a different request: it no longer stands, and the
            // item waits for a new one. The clock is the case's and does not restart.
            let changed = CaseItem(
                caseID: caseID, sequence: change.sequence, service: change.service, quantity: change.quantity,
                servicePeriod: change.servicePeriod)
            try CaseItemRecord(changed).updateRow(db)
            try CaseEventWriter.append(
                db, caseID: caseID, at: now, actor: actor, kind: .itemChanged, itemSequence: change.sequence,
                before: items[index], after: changed)
            items[index] = changed
        case (.cancelled, let index?):
            guard items[index].reviewAction != .cancelled else { return }
            var cancelled = items[index]
            cancelled.reviewAction = .cancelled
            cancelled.status = .cancelled
            try CaseItemRecord(cancelled).updateRow(db)
            try CaseEventWriter.append(
                db, caseID: caseID, at: now, actor: actor, kind: .itemCancelled, itemSequence: change.sequence,
                before: items[index], after: cancelled)
            items[index] = cancelled
        case (.unchanged, _), (.changed, nil), (.cancelled, nil):
            // Unchanged items keep their decision; unknown ones were refused by validate(against:).
            return
        }
    }

    /// Rolls the case status up after an update's changes, with a `status-change` event. A case
    /// that had been settled and is open again (a changed or added item) loses its decision
    /// time until it is settled again, so it is back in the review queue and the sweep; its
    /// due time stays.
    private func rollUp(_ db: Database, before paCase: PACase, items: [CaseItem], actor: String, at now: Date) throws
        -> PACase
    {
        var after = rollingUp(paCase, items: items, at: now)
        if !after.status.isFinal {
            after.decidedAt = nil
            after.onTime = nil
        }
        guard after.status != paCase.status || after.decidedAt != paCase.decidedAt else { return paCase }
        try CaseRecord.updateStatus(db, of: after)
        try CaseEventWriter.append(
            db, caseID: paCase.id, at: now, actor: actor, kind: .statusChange,
            before: EventState.Status(status: paCase.status, decidedAt: paCase.decidedAt, onTime: paCase.onTime),
            after: EventState.Status(status: after.status, decidedAt: after.decidedAt, onTime: after.onTime))
        return after
    }

    // MARK: - Shared with intake

    static func insertClaimIdentifiers(_ db: Database, _ identifiers: [RequestIdentifier], caseID: String, submitter: String)
        throws
    {
        // Cached: every submission writes its Claim's trace numbers.
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO case_claim_identifier (case_id, submitter, system, value)
            VALUES (?, ?, ?, ?)
            """)
        for identifier in identifiers where !identifier.value.isEmpty {
            try insert.execute(arguments: [caseID, submitter, identifier.system, identifier.value])
        }
    }

    /// The update a submitter sent with this identifier, if any.
    static func updateVersion(_ db: Database, submitter: String, requestIdentifier: RequestIdentifier) throws
        -> CaseRequestRecord?
    {
        try CaseRequestRecord
            .filter(Column(CaseRequestRecord.CodingKeys.submitter) == submitter)
            .filter(Column(CaseRequestRecord.CodingKeys.requestIdentifierSystem) == requestIdentifier.system)
            .filter(Column(CaseRequestRecord.CodingKeys.requestIdentifierValue) == requestIdentifier.value)
            .filter(Column(CaseRequestRecord.CodingKeys.kind) != CaseRequestVersion.Kind.initial.rawValue)
            .fetchOne(db)
    }

    static func detail(_ db: Database, caseID: String) throws -> CaseDetail {
        CaseDetail(
            paCase: try existingCaseRecord(db, id: caseID).model,
            items: try itemRecords(db, caseID: caseID).map(\.model))
    }

    private static func originalVersion(of paCase: PACase) -> CaseRequestVersion {
        CaseRequestVersion(
            caseID: paCase.id, version: 1, submitter: paCase.submitter, requestIdentifier: paCase.requestIdentifier,
            kind: .initial, receivedAt: paCase.receivedAt, requestJSON: paCase.requestJSON)
    }
}
