import Foundation
internal import GRDB

/// A row of `coverage_assertion`: one order of one `coverage-assertion-id`.
struct CoverageAssertionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "coverage_assertion"

    var id: String
    var orderReference: String
    var hookCallID: Int64
    var hookInstance: String
    var hook: String
    var clientID: String
    var memberID: String?
    var coverageID: String?
    var clientCoverageReference: String
    var payerID: String?
    var serviceSystem: String?
    var serviceCode: String?
    var covered: String
    var paNeeded: String?
    var questionnaires: String
    var policyID: String?
    var policyVersion: String?
    var extensionJSON: String
    var evaluationJSON: String?
    var createdAt: Date
    var expiresOn: String?

    enum CodingKeys: String, CodingKey {
        case id, hook, covered, questionnaires
        case orderReference = "order_reference"
        case hookCallID = "hook_call_id"
        case hookInstance = "hook_instance"
        case clientID = "client_id"
        case memberID = "member_id"
        case coverageID = "coverage_id"
        case clientCoverageReference = "client_coverage_reference"
        case payerID = "payer_id"
        case serviceSystem = "service_system"
        case serviceCode = "service_code"
        case paNeeded = "pa_needed"
        case policyID = "policy_id"
        case policyVersion = "policy_version"
        case extensionJSON = "extension_json"
        case evaluationJSON = "evaluation_json"
        case createdAt = "created_at"
        case expiresOn = "expires_on"
    }

    init(_ assertion: CoverageAssertion, hookCallID: Int64) throws {
        id = assertion.id
        orderReference = assertion.orderReference
        self.hookCallID = hookCallID
        hookInstance = assertion.hookInstance
        hook = assertion.hook
        clientID = assertion.clientID
        memberID = assertion.memberID
        coverageID = assertion.coverageID
        clientCoverageReference = assertion.clientCoverageReference
        payerID = assertion.payerID
        serviceSystem = assertion.serviceSystem
        serviceCode = assertion.serviceCode
        covered = assertion.covered
        paNeeded = assertion.paNeeded
        questionnaires = JSONColumn.encode(assertion.questionnaires)
        policyID = assertion.policyID
        policyVersion = assertion.policyVersion
        extensionJSON = assertion.extensionJSON
        evaluationJSON = assertion.evaluationJSON
        createdAt = assertion.createdAt  // written with millisecond precision, as storable(_:) would round it
        expiresOn = assertion.expiresOn
    }

    /// Inserts the row through a cached statement (see ``HookCallRecord/append(_:)``).
    func append(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO coverage_assertion (id, order_reference, hook_call_id, hook_instance, hook, client_id, member_id,
                coverage_id, client_coverage_reference, payer_id, service_system, service_code, covered, pa_needed,
                questionnaires, policy_id, policy_version, extension_json, evaluation_json, created_at, expires_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            id, orderReference, hookCallID, hookInstance, hook, clientID, memberID,
            coverageID, clientCoverageReference, payerID, serviceSystem, serviceCode, covered, paNeeded,
            questionnaires, policyID, policyVersion, extensionJSON, evaluationJSON, createdAt.storageText, expiresOn,
        ])
    }

    func model() throws -> CoverageAssertion {
        CoverageAssertion(
            id: id, orderReference: orderReference, hookInstance: hookInstance, hook: hook, clientID: clientID,
            memberID: memberID, coverageID: coverageID, clientCoverageReference: clientCoverageReference,
            payerID: payerID, serviceSystem: serviceSystem, serviceCode: serviceCode, covered: covered,
            paNeeded: paNeeded, questionnaires: try JSONColumn.decode(questionnaires, row: "coverage assertion \(id)"),
            policyID: policyID, policyVersion: policyVersion, extensionJSON: extensionJSON,
            evaluationJSON: evaluationJSON, createdAt: createdAt, expiresOn: expiresOn)
    }
}
