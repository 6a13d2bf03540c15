internal import GRDB

/// Inserts and updates written as cached SQL statements, for the records written on every
/// request (a case, its items): going through `Encodable` cost more than the SQL it produced.
/// Each record lists its columns once, each with how its value is stored; the statements are
/// built from that list, so names and values cannot drift apart, and the insert statement is
/// built once per table rather than for every row.
protocol RecordRow {
    static var tableName: String { get }
    /// Every column, in any order.
    static var columns: [RecordRowColumn<Self>] { get }
    /// `INSERT INTO table (columns…) VALUES (?…)`: conformers keep it as
    /// `static let insertSQL = insertStatement()`.
    static var insertSQL: String { get }
}

/// One column of a ``RecordRow``: its name, and its value in a row.
///
/// The value stays an existential until GRDB binds it: `StatementArguments` made from a
/// sequence of `DatabaseValue`s converts them through a key path that the runtime builds anew
/// on every call (perf: ~1% of a PAS submission); made from existentials, it uses a closure.
struct RecordRowColumn<Row>: Sendable {
    let name: String
    let value: @Sendable (Row) -> (any DatabaseValueConvertible)?

    init<Value: DatabaseValueConvertible>(_ name: String, _ value: @escaping @Sendable (Row) -> Value) {
        self.name = name
        self.value = { value($0) }
    }
}

extension RecordRow {
    static func insertStatement() -> String {
        "INSERT INTO \(tableName) (\(columns.map(\.name).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    func insertRow(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        // The statement was built from the same list, so the count always matches.
        statement.setUncheckedArguments(StatementArguments(Self.columns.map { $0.value(self) }))
        try statement.execute()
    }

    /// Updates every column but `key`'s, in the row `key` names.
    func updateRow(_ db: Database, key: Set<String>) throws {
        let set = Self.columns.filter { !key.contains($0.name) }
        let match = Self.columns.filter { key.contains($0.name) }
        let sql = "UPDATE \(Self.tableName) SET \(set.map { "\($0.name) = ?" }.joined(separator: ", ")) WHERE "
            + match.map { "\($0.name) = ?" }.joined(separator: " AND ")
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments((set + match).map { $0.value(self) }))
        guard db.changesCount == 1 else {
            throw CaseStoreError(
                .storageFailure,
                "no \(Self.tableName) row has \(match.map { "\($0.name) = \($0.value(self)?.databaseValue ?? .null)" }.joined(separator: ", "))")
        }
    }
}

extension CaseRecord: RecordRow {
    static var tableName: String { databaseTableName }
    static let insertSQL = insertStatement()

    static let columns: [RecordRowColumn<CaseRecord>] = [
        .init("id") { $0.id }, .init("submitter") { $0.submitter },
        .init("request_identifier_system") { $0.requestIdentifierSystem },
        .init("request_identifier_value") { $0.requestIdentifierValue }, .init("member_id") { $0.memberID },
        .init("provider_npi") { $0.providerNPI }, .init("insurer_id") { $0.insurerID },
        .init("urgency") { $0.urgency.rawValue }, .init("received_at") { $0.receivedAt.storageText },
        .init("due_at") { $0.dueAt.storageText }, .init("extension_due_at") { $0.extensionDueAt?.storageText },
        .init("extension_days") { $0.extensionDays }, .init("extension_reason") { $0.extensionReason },
        .init("extension_by") { $0.extensionBy }, .init("extension_at") { $0.extensionAt?.storageText },
        .init("status") { $0.status.rawValue }, .init("authorization_number") { $0.authorizationNumber },
        .init("coverage_assertion_id") { $0.coverageAssertionID }, .init("decided_at") { $0.decidedAt?.storageText },
        .init("on_time") { $0.onTime }, .init("escalation") { $0.escalation.rawValue },
        .init("request_json") { $0.requestJSON },
    ]
}

extension CaseRecord {
    /// Writes the case's roll-up (status, decision time, on-time flag) alone: the record's own
    /// `update(columns:)` encodes every column first, the request Bundle included.
    static func updateStatus(_ db: Database, of paCase: PACase) throws {
        try db.cachedStatement(sql: "UPDATE pa_case SET status = ?, decided_at = ?, on_time = ? WHERE id = ?")
            .execute(arguments: [paCase.status.rawValue, paCase.decidedAt?.storageText, paCase.onTime, paCase.id])
    }
}

extension CaseItemRecord: RecordRow {
    static var tableName: String { databaseTableName }
    static let insertSQL = insertStatement()
    static let key: Set<String> = ["case_id", "sequence"]

    static let columns: [RecordRowColumn<CaseItemRecord>] = [
        .init("case_id") { $0.caseID }, .init("sequence") { $0.sequence },
        .init("service_system") { $0.serviceSystem }, .init("service_code") { $0.serviceCode },
        .init("quantity_value") { $0.quantityValue }, .init("quantity_unit") { $0.quantityUnit },
        .init("service_start") { $0.serviceStart }, .init("service_end") { $0.serviceEnd },
        .init("status") { $0.status.rawValue }, .init("review_action") { $0.reviewAction?.rawValue },
        .init("reason_codes") { JSONColumn.encode($0.reasonCodes) }, .init("note") { $0.note },
        .init("authorized_quantity_value") { $0.authorizedQuantityValue },
        .init("authorized_quantity_unit") { $0.authorizedQuantityUnit },
        .init("authorized_start") { $0.authorizedStart }, .init("authorized_end") { $0.authorizedEnd },
        .init("decided_at") { $0.decidedAt?.storageText }, .init("decided_by") { $0.decidedBy },
        .init("on_time") { $0.onTime },
    ]

    func updateRow(_ db: Database) throws {
        try updateRow(db, key: Self.key)
    }
}
