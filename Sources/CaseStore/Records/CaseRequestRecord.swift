import Foundation
internal import GRDB

/// A row of `case_request`. Internal: the rest of the server sees ``CaseRequestVersion``.
struct CaseRequestRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "case_request"

    var caseID: String
    var version: Int
    var submitter: String
    var requestIdentifierSystem: String
    var requestIdentifierValue: String
    var kind: CaseRequestVersion.Kind
    var receivedAt: Date
    var requestJSON: String

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case version, submitter
        case requestIdentifierSystem = "request_identifier_system"
        case requestIdentifierValue = "request_identifier_value"
        case kind
        case receivedAt = "received_at"
        case requestJSON = "request_json"
    }
}

extension CaseRequestRecord {
    init(_ version: CaseRequestVersion) {
        caseID = version.caseID
        self.version = version.version
        submitter = version.submitter
        requestIdentifierSystem = version.requestIdentifier.system
        requestIdentifierValue = version.requestIdentifier.value
        kind = version.kind
        receivedAt = version.receivedAt
        requestJSON = version.requestJSON
    }

    var model: CaseRequestVersion {
        CaseRequestVersion(
            caseID: caseID, version: version, submitter: submitter,
            requestIdentifier: RequestIdentifier(system: requestIdentifierSystem, value: requestIdentifierValue),
            kind: kind, receivedAt: receivedAt, requestJSON: requestJSON)
    }
}
