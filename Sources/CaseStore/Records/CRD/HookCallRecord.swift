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
        receivedAt = SQLiteCaseStore.storable(call.receivedAt)
        durationMilliseconds = call.durationMilliseconds
        status = call.status
        prefetchJSON = call.prefetchJSON
        ruleVersionsJSON = call.ruleVersionsJSON
        assertionIDs = try JSONColumn.encode(call.assertionIDs)
        requestJSON = call.requestJSON
        responseJSON = call.responseJSON
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
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
