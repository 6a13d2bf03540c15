import Foundation
internal import GRDB

extension SQLiteCaseStore {
    public func openCase(_ intake: CaseIntake) async throws -> CaseIntakeResult {
        try intake.validate()
        let prepared = try prepare(intake)
        return try await groupedWrite { db in try self.openCase(db, prepared) }
    }

    public func openCase(_ intake: CaseIntake, decisions: [Int: ItemDecision], decidedBy actor: String) async throws
        -> CaseIntakeResult
    {
        try intake.validate()
        guard !decisions.isEmpty else { return try await openCase(intake) }
        try Self.validate(decisions, actor: actor)
        let prepared = try prepare(intake, decisions: decisions, decidedBy: actor)
        return try await groupedWrite { db in try self.openCase(db, prepared) }
    }

    /// A new case ready to write: its rows and its events' text, made before the write because
    /// every write in the process waits for the writer, which should only look and insert.
    struct PreparedCase: Sendable {
        let intake: CaseIntake
        let outcome: DecisionOutcome
        let receivedAt: Date
        let intakeEvent: String
        let decisionEvents: [PreparedEvent]
        let decidedAt: Date
        let actor: String
    }

    /// The case `intake` opens, decided by `decisions` (none: as received). Times are taken now,
    /// as the request is handled, not when the writer gets to it.
    func prepare(_ intake: CaseIntake, decisions: [Int: ItemDecision] = [:], decidedBy actor: String = "") throws
        -> PreparedCase
    {
        let receivedAt = self.now()
        let received = PACase(
            id: CaseIdentifier.make(at: receivedAt),
            submitter: intake.submitter,
            requestIdentifier: intake.requestIdentifier,
            memberID: intake.memberID,
            providerNPI: intake.providerNPI,
            insurerID: intake.insurerID,
            urgency: intake.urgency,
            receivedAt: receivedAt,
            dueAt: Self.storable(self.clock.dueTime(receivedAt: receivedAt, urgency: intake.urgency)),
            authorizationNumber: intake.authorizationNumber,
            coverageAssertionID: intake.coverageAssertionID,
            requestJSON: intake.requestJSON
        )
        let submitted = intake.items.sorted { $0.sequence < $1.sequence }.map { item in
            CaseItem(
                caseID: received.id,
                sequence: item.sequence,
                service: item.service,
                quantity: item.quantity,
                servicePeriod: item.servicePeriod
            )
        }
        // Without decisions this is the case as received: nothing rolls up, no event follows.
        let decidedAt = self.now()
        let outcome = try deciding(received, items: submitted, with: decisions, by: actor, at: decidedAt)
        let intakeEvent = CaseEventWriter.json(state: EventState.Intake(
            status: received.status, urgency: received.urgency, receivedAt: received.receivedAt, dueAt: received.dueAt,
            items: submitted.map(\.sequence)))
        return PreparedCase(
            intake: intake, outcome: outcome, receivedAt: receivedAt, intakeEvent: intakeEvent,
            decisionEvents: Self.events(of: outcome, before: received), decidedAt: decidedAt, actor: actor)
    }

    /// ``openCase(_:decisions:decidedBy:)`` inside a write transaction: a duplicate answers
    /// with the case it duplicates, anything else is inserted as prepared.
    ///
    /// A case opened with decisions is inserted as decided, each row written once; its events
    /// tell the story as it happened: the intake, then each decision, then the status change.
    func openCase(_ db: Database, _ prepared: PreparedCase) throws -> CaseIntakeResult {
        let intake = prepared.intake
        let outcome = prepared.outcome
        let caseID = outcome.paCase.id
        // Writes are serialized and GRDB begins them IMMEDIATE, so this lookup sees every
        // committed case: concurrent duplicates queue up here and find the first one.
        if let existing = try Self.existingCase(db, for: intake) { return existing }

        do {
            try CaseRecord(outcome.paCase).insertRow(db)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // The unique index is the real guarantee (another process, or a future store
            // without a single writer): the duplicate lost the race, so answer with the winner.
            if let existing = try Self.existingCase(db, for: intake) { return existing }
            throw error
        }
        for item in outcome.items {
            try CaseItemRecord(item).insertRow(db)
        }
        try Self.insertClaimIdentifiers(db, intake.claimIdentifiers, caseID: caseID, submitter: intake.submitter)
        try CaseEventWriter.append(
            db, caseID: caseID, at: prepared.receivedAt, actor: intake.submitter, kind: .intake, itemSequence: nil,
            beforeJSON: nil, afterJSON: prepared.intakeEvent)
        try Self.append(db, prepared.decisionEvents, caseID: caseID, actor: prepared.actor, at: prepared.decidedAt)
        // Last, once every row is written: the member's cached history takes the case at commit.
        changes.opened(CaseDetail(paCase: outcome.paCase, items: outcome.items))
        return CaseIntakeResult(paCase: outcome.paCase, items: outcome.items, created: true)
    }

    private static func existingCase(_ db: Database, for intake: CaseIntake) throws -> CaseIntakeResult? {
        guard let record = try caseRecord(db, submitter: intake.submitter, requestIdentifier: intake.requestIdentifier)
        else { return nil }
        return CaseIntakeResult(
            paCase: record.model,
            items: try itemRecords(db, caseID: record.id).map(\.model),
            created: false
        )
    }

    public func paCase(id: String) async throws -> PACase? {
        try await readInPlace { db in try CaseRecord.fetchOne(db, key: id)?.model }
    }

    public func paCase(submitter: String, requestIdentifier: RequestIdentifier) async throws -> PACase? {
        try await readInPlace { db in
            try Self.caseRecord(db, submitter: submitter, requestIdentifier: requestIdentifier)?.model
        }
    }

    public func caseDetail(id: String) async throws -> CaseDetail? {
        try await readInPlace { db in
            guard let record = try CaseRecord.fetchOne(db, key: id) else { return nil }
            return CaseDetail(paCase: record.model, items: try Self.itemRecords(db, caseID: id).map(\.model))
        }
    }

    public func items(caseID: String) async throws -> [CaseItem] {
        try await readInPlace { db in try Self.itemRecords(db, caseID: caseID).map(\.model) }
    }

    public func events(caseID: String) async throws -> [CaseEvent] {
        try await read { db in
            try CaseEventRecord
                .filter(Column(CaseEventRecord.CodingKeys.caseID) == caseID)
                .order(Column(CaseEventRecord.CodingKeys.id))
                .fetchAll(db)
                .map(\.model)
        }
    }

    public func openCases(limit: Int) async throws -> [PACase] {
        try await read { db in
            try CaseRecord
                .filter(Column(CaseRecord.CodingKeys.decidedAt) == nil)
                .order(sql: "\(CaseRecord.effectiveDueSQL), received_at, id")
                .limit(limit)
                .fetchAll(db)
                .map(\.model)
        }
    }

    public func cases(memberID: String) async throws -> [PACase] {
        try await read { db in
            try CaseRecord
                .filter(Column(CaseRecord.CodingKeys.memberID) == memberID)
                .order(Column(CaseRecord.CodingKeys.receivedAt).desc, Column(CaseRecord.CodingKeys.id).desc)
                .fetchAll(db)
                .map(\.model)
        }
    }

    // MARK: - Shared by the other extensions

    /// The case a request identifier belongs to: the one it opened, or the one it updated.
    static func caseRecord(_ db: Database, submitter: String, requestIdentifier: RequestIdentifier) throws
        -> CaseRecord?
    {
        guard let id = try caseID(db, submitter: submitter, requestIdentifier: requestIdentifier) else { return nil }
        return try existingCaseRecord(db, id: id)
    }

    /// The id of the case a request identifier belongs to.
    ///
    /// One cached statement that reads the id alone: every `$submit` asks this first and almost
    /// always finds nothing, and building the query each time, or setting up a record fetch
    /// (column lookups for the whole row), cost more than running it.
    static func caseID(_ db: Database, submitter: String, requestIdentifier: RequestIdentifier) throws -> String? {
        let statement = try db.cachedStatement(sql: """
            SELECT id FROM pa_case WHERE submitter = ?1 AND request_identifier_system = ?2 AND request_identifier_value = ?3
            UNION ALL
            SELECT case_id FROM case_request
            WHERE submitter = ?1 AND request_identifier_system = ?2 AND request_identifier_value = ?3 AND kind <> 'initial'
            LIMIT 1
            """)
        return try String.fetchOne(statement, arguments: [submitter, requestIdentifier.system, requestIdentifier.value])
    }

    /// The case, or ``CaseStoreError/Code/caseNotFound``.
    static func existingCaseRecord(_ db: Database, id: String) throws -> CaseRecord {
        let statement = try db.cachedStatement(sql: "SELECT * FROM pa_case WHERE id = ?")
        guard let record = try CaseRecord.fetchOne(statement, arguments: [id]) else { throw CaseStoreError.caseNotFound(id) }
        return record
    }

    static func itemRecords(_ db: Database, caseID: String) throws -> [CaseItemRecord] {
        try CaseItemRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM case_item WHERE case_id = ? ORDER BY sequence"), arguments: [caseID])
    }
}
