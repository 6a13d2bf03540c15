import Foundation
internal import GRDB

/// A row of `pa_case`. Internal: the rest of the server sees ``PACase``.
struct CaseRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "pa_case"

    var id: String
    var submitter: String
    var requestIdentifierSystem: String
    var requestIdentifierValue: String
    var memberID: String
    var providerNPI: String?
    var insurerID: String?
    var urgency: Urgency
    var receivedAt: Date
    var dueAt: Date
    var extensionDueAt: Date?
    var extensionDays: Int?
    var extensionReason: String?
    var extensionBy: String?
    var extensionAt: Date?
    var status: CaseStatus
    var authorizationNumber: String?
    var coverageAssertionID: String?
    var decidedAt: Date?
    var onTime: Bool?
    var escalation: EscalationLevel
    var requestJSON: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, submitter
        case requestIdentifierSystem = "request_identifier_system"
        case requestIdentifierValue = "request_identifier_value"
        case memberID = "member_id"
        case providerNPI = "provider_npi"
        case insurerID = "insurer_id"
        case urgency
        case receivedAt = "received_at"
        case dueAt = "due_at"
        case extensionDueAt = "extension_due_at"
        case extensionDays = "extension_days"
        case extensionReason = "extension_reason"
        case extensionBy = "extension_by"
        case extensionAt = "extension_at"
        case status
        case authorizationNumber = "authorization_number"
        case coverageAssertionID = "coverage_assertion_id"
        case decidedAt = "decided_at"
        case onTime = "on_time"
        case escalation
        case requestJSON = "request_json"
    }

    /// Every column but the request Bundle, which reads as empty: for the member's history,
    /// read on every hook call and submission, where kilobytes of request per case are waste.
    static let columnsWithoutRequest = CodingKeys.allCases
        .map { $0 == .requestJSON ? "'' AS \($0.rawValue)" : $0.rawValue }.joined(separator: ", ")

    /// The SQL for the due time that counts, for ordering the review queue.
    static let effectiveDueSQL = "COALESCE(extension_due_at, due_at)"
}

extension CaseRecord {
    /// Read column by column rather than through `Decodable` (see ``CaseItemRecord/init(row:)``).
    init(row: Row) throws {
        id = row["id"]
        submitter = row["submitter"]
        requestIdentifierSystem = row["request_identifier_system"]
        requestIdentifierValue = row["request_identifier_value"]
        memberID = row["member_id"]
        providerNPI = row["provider_npi"]
        insurerID = row["insurer_id"]
        urgency = try RecordColumn.decode(Urgency.self, row["urgency"], column: "pa_case.urgency")
        receivedAt = row["received_at"]
        dueAt = row["due_at"]
        extensionDueAt = row["extension_due_at"]
        extensionDays = row["extension_days"]
        extensionReason = row["extension_reason"]
        extensionBy = row["extension_by"]
        extensionAt = row["extension_at"]
        status = try RecordColumn.decode(CaseStatus.self, row["status"], column: "pa_case.status")
        authorizationNumber = row["authorization_number"]
        coverageAssertionID = row["coverage_assertion_id"]
        decidedAt = row["decided_at"]
        onTime = row["on_time"]
        escalation = try RecordColumn.decode(EscalationLevel.self, row["escalation"], column: "pa_case.escalation")
        requestJSON = row["request_json"]
    }

    init(_ paCase: PACase) {
        id = paCase.id
        submitter = paCase.submitter
        requestIdentifierSystem = paCase.requestIdentifier.system
        requestIdentifierValue = paCase.requestIdentifier.value
        memberID = paCase.memberID
        providerNPI = paCase.providerNPI
        insurerID = paCase.insurerID
        urgency = paCase.urgency
        receivedAt = paCase.receivedAt
        dueAt = paCase.dueAt
        extensionDueAt = paCase.dueTimeExtension?.dueAt
        extensionDays = paCase.dueTimeExtension?.days
        extensionReason = paCase.dueTimeExtension?.reason
        extensionBy = paCase.dueTimeExtension?.grantedBy
        extensionAt = paCase.dueTimeExtension?.grantedAt
        status = paCase.status
        authorizationNumber = paCase.authorizationNumber
        coverageAssertionID = paCase.coverageAssertionID
        decidedAt = paCase.decidedAt
        onTime = paCase.onTime
        escalation = paCase.escalation
        requestJSON = paCase.requestJSON
    }

    var model: PACase {
        var dueTimeExtension: DueTimeExtension?
        if let extensionDueAt, let extensionDays, let extensionReason, let extensionBy, let extensionAt {
            dueTimeExtension = DueTimeExtension(
                dueAt: extensionDueAt,
                days: extensionDays,
                reason: extensionReason,
                grantedBy: extensionBy,
                grantedAt: extensionAt
            )
        }
        return PACase(
            id: id,
            submitter: submitter,
            requestIdentifier: RequestIdentifier(system: requestIdentifierSystem, value: requestIdentifierValue),
            memberID: memberID,
            providerNPI: providerNPI,
            insurerID: insurerID,
            urgency: urgency,
            receivedAt: receivedAt,
            dueAt: dueAt,
            dueTimeExtension: dueTimeExtension,
            status: status,
            authorizationNumber: authorizationNumber,
            coverageAssertionID: coverageAssertionID,
            decidedAt: decidedAt,
            onTime: onTime,
            escalation: escalation,
            requestJSON: requestJSON
        )
    }
}
