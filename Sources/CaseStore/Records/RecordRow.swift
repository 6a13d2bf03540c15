internal import GRDB

/// Inserts and updates written as cached SQL statements, for the records written on every
/// request (a case, its items, its events): going through `Encodable` cost more than the
/// SQL it produced. Each record lists its columns once, with their values; the statement is
/// built from that list, so names and values cannot drift apart.
protocol RecordRow {
    static var tableName: String { get }
    /// Every column with its value, in any order.
    var columnValues: [(column: String, value: (any DatabaseValueConvertible)?)] { get }
}

extension RecordRow {
    func insertRow(_ db: Database) throws {
        let values = columnValues
        let sql = "INSERT INTO \(Self.tableName) (\(values.map(\.column).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")"
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.map(\.value)))
    }

    /// Updates every column but `key`'s, in the row `key` names.
    func updateRow(_ db: Database, key: Set<String>) throws {
        let values = columnValues
        let set = values.filter { !key.contains($0.column) }
        let match = values.filter { key.contains($0.column) }
        let sql = "UPDATE \(Self.tableName) SET \(set.map { "\($0.column) = ?" }.joined(separator: ", ")) WHERE "
            + match.map { "\($0.column) = ?" }.joined(separator: " AND ")
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments((set + match).map(\.value)))
        guard db.changesCount == 1 else {
            throw CaseStoreError(.storageFailure, "no \(Self.tableName) row has \(match.map { "\($0.column) = \($0.value.map { "\($0)" } ?? "NULL")" }.joined(separator: ", "))")
        }
    }
}

extension CaseRecord: RecordRow {
    static var tableName: String { databaseTableName }

    var columnValues: [(column: String, value: (any DatabaseValueConvertible)?)] {
        [
            ("id", id), ("submitter", submitter), ("request_identifier_system", requestIdentifierSystem),
            ("request_identifier_value", requestIdentifierValue), ("member_id", memberID), ("provider_npi", providerNPI),
            ("insurer_id", insurerID), ("urgency", urgency.rawValue), ("received_at", receivedAt.storageText), ("due_at", dueAt.storageText),
            ("extension_due_at", extensionDueAt?.storageText), ("extension_days", extensionDays), ("extension_reason", extensionReason),
            ("extension_by", extensionBy), ("extension_at", extensionAt?.storageText), ("status", status.rawValue),
            ("authorization_number", authorizationNumber), ("coverage_assertion_id", coverageAssertionID),
            ("decided_at", decidedAt?.storageText), ("on_time", onTime), ("escalation", escalation.rawValue),
            ("request_json", requestJSON),
        ]
    }
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
    static let key: Set<String> = ["case_id", "sequence"]

    var columnValues: [(column: String, value: (any DatabaseValueConvertible)?)] {
        [
            ("case_id", caseID), ("sequence", sequence), ("service_system", serviceSystem), ("service_code", serviceCode),
            ("quantity_value", quantityValue), ("quantity_unit", quantityUnit), ("service_start", serviceStart),
            ("service_end", serviceEnd), ("status", status.rawValue), ("review_action", reviewAction?.rawValue),
            ("reason_codes", JSONColumn.encode(reasonCodes)), ("note", note),
            ("authorized_quantity_value", authorizedQuantityValue), ("authorized_quantity_unit", authorizedQuantityUnit),
            ("authorized_start", authorizedStart), ("authorized_end", authorizedEnd), ("decided_at", decidedAt?.storageText),
            ("decided_by", decidedBy), ("on_time", onTime),
        ]
    }

    func updateRow(_ db: Database) throws {
        try updateRow(db, key: Self.key)
    }
}
