import Foundation
internal import GRDB

/// A row of `hook_call`.
struct HookCallRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "hook_call"

    var id: Int64?
    var hookInstance: String
    var hook: String
    var serviceID: String
    var clientID: String
    var patientID: String?
    var receivedAt: Date
    var durationMilliseconds: Int
    var status: Int
    var prefetchJSON: String
    var ruleVersionsJSON: String
    var assertionIDs: String
    var requestJSON: String
    var responseJSON: String

    enum CodingKeys: String, CodingKey {
        case id, hook, status
        case hookInstance = "hook_instance"
        case serviceID = "service_id"
        case clientID = "client_id"
        case patientID = "patient_id"
        case receivedAt = "received_at"
        case durationMilliseconds = "duration_ms"
        case prefetchJSON = "prefetch_json"
        case ruleVersionsJSON = "rule_versions_json"
        case assertionIDs = "assertion_ids"
        case requestJSON = "request_json"
        case responseJSON = "response_json"
    }

    init(_ call: HookCall) throws {
        id = nil
        hookInstance = call.hookInstance
        hook = call.hook
        serviceID = call.serviceID
        clientID = call.clientID
        patientID = call.patientID
        receivedAt = call.receivedAt  // written with millisecond precision, as storable(_:) would round it
        durationMilliseconds = call.durationMilliseconds
        status = call.status
        prefetchJSON = call.prefetchJSON
        ruleVersionsJSON = call.ruleVersionsJSON
        assertionIDs = JSONColumn.encode(call.assertionIDs)
        requestJSON = call.requestJSON
        responseJSON = call.responseJSON
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Inserts the row through a cached statement and returns its id. Every hook call writes
    /// one; GRDB's Codable insert spent more time encoding the record than SQLite spent storing it.
    func append(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO hook_call (hook_instance, hook, service_id, client_id, patient_id, received_at, duration_ms,
                status, prefetch_json, rule_versions_json, assertion_ids, request_json, response_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            hookInstance, hook, serviceID, clientID, patientID, receivedAt.storageText, durationMilliseconds,
            status, prefetchJSON, ruleVersionsJSON, assertionIDs, requestJSON, responseJSON,
        ])
        return db.lastInsertedRowID
    }

    func model() throws -> HookCall {
        HookCall(
            id: id ?? 0, hookInstance: hookInstance, hook: hook, serviceID: serviceID, clientID: clientID,
            patientID: patientID, receivedAt: receivedAt, durationMilliseconds: durationMilliseconds, status: status,
            prefetchJSON: prefetchJSON, ruleVersionsJSON: ruleVersionsJSON,
            assertionIDs: try JSONColumn.decode(assertionIDs, row: "hook call \(id ?? 0)"),
            requestJSON: requestJSON, responseJSON: responseJSON)
    }
}
