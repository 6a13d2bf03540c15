import Foundation
internal import GRDB

/// Appends events to `case_event`, with before/after states as JSON text.
///
/// The JSON is for people and auditors reading the trail: sorted keys, ISO 8601 times in UTC.
enum CaseEventWriter {
    @discardableResult
    static func append(
        _ db: Database,
        caseID: String,
        at: Date,
        actor: String,
        kind: CaseEventKind,
        itemSequence: Int? = nil,
        before: (any Encodable)? = nil,
        after: (any Encodable)? = nil
    ) throws -> CaseEvent {
        try append(
            db, caseID: caseID, at: at, actor: actor, kind: kind, itemSequence: itemSequence,
            beforeJSON: before.map(json), afterJSON: after.map(json))
    }

    /// An event whose states are already JSON text (``json(state:)``).
    @discardableResult
    static func append(
        _ db: Database, caseID: String, at: Date, actor: String, kind: CaseEventKind, itemSequence: Int?,
        beforeJSON: String?, afterJSON: String?
    ) throws -> CaseEvent {
        var record = CaseEventRecord(
            id: nil,
            caseID: caseID,
            at: at,
            actor: actor,
            kind: kind,
            itemSequence: itemSequence,
            beforeJSON: beforeJSON,
            afterJSON: afterJSON
        )
        // A cached statement rather than the record's `insert`: events are written several
        // times per request.
        let statement = try db.cachedStatement(sql: """
            INSERT INTO case_event (case_id, at, actor, kind, item_sequence, before_json, after_json)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [caseID, at.storageText, actor, kind.rawValue, itemSequence, record.beforeJSON, record.afterJSON])
        record.id = db.lastInsertedRowID
        return record.model
    }

    static func json(_ value: any Encodable) -> String {
        if let known = value as? any EventJSONRepresentable { return json(state: known) }
        return encoded(value)
    }

    /// A state the event writer knows, written directly.
    static func json(state known: any EventJSONRepresentable) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        known.eventJSON.write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Any state through `JSONEncoder` (the fast path writes the same text).
    static func encoded(_ value: any Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(StorageTime.iso8601(date))
        }
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The states the events record, beside ``CaseItem`` (which decisions record whole).
enum EventState {
    /// What intake established.
    struct Intake: Encodable {
        var status: CaseStatus
        var urgency: Urgency
        var receivedAt: Date
        var dueAt: Date
        var items: [Int]
    }

    /// What a Claim Update did.
    struct Update: Encodable {
        var version: Int
        var requestIdentifier: String
        var cancelsWholeRequest: Bool
        var added: [Int]
        var changed: [Int]
        var cancelled: [Int]
    }

    /// A case's roll-up status.
    struct Status: Encodable {
        var status: CaseStatus
        var decidedAt: Date?
        var onTime: Bool?
    }

    /// A case's clock.
    struct Clock: Encodable {
        var dueAt: Date
        var escalation: EscalationLevel
        var dueTimeExtension: DueTimeExtension?
    }
}
