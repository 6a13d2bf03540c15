internal import GRDB

/// A row of `coverage`.
struct CoverageRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "coverage"

    var id: String
    var memberID: String
    var payerID: String
    var planID: String?
    var subscriberID: String?
    var relationship: String?
    var status: String
    var periodStart: String?
    var periodEnd: String?
    var coverageJSON: String

    enum CodingKeys: String, CodingKey {
        case id
        case memberID = "member_id"
        case payerID = "payer_id"
        case planID = "plan_id"
        case subscriberID = "subscriber_id"
        case relationship, status
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case coverageJSON = "coverage_json"
    }

    /// Read column by column rather than through `Decodable` (see ``CaseItemRecord/init(row:)``):
    /// every hook call and submission reads the member's coverages.
    init(row: Row) {
        id = row["id"]
        memberID = row["member_id"]
        payerID = row["payer_id"]
        planID = row["plan_id"]
        subscriberID = row["subscriber_id"]
        relationship = row["relationship"]
        status = row["status"]
        periodStart = row["period_start"]
        periodEnd = row["period_end"]
        coverageJSON = row["coverage_json"]
    }

    init(_ coverage: MemberCoverage) {
        id = coverage.id
        memberID = coverage.memberID
        payerID = coverage.payerID
        planID = coverage.planID
        subscriberID = coverage.subscriberID
        relationship = coverage.relationship
        status = coverage.status
        periodStart = coverage.periodStart
        periodEnd = coverage.periodEnd
        coverageJSON = coverage.coverageJSON
    }

    var model: MemberCoverage {
        MemberCoverage(
            id: id,
            memberID: memberID,
            payerID: payerID,
            planID: planID,
            subscriberID: subscriberID,
            relationship: relationship,
            status: status,
            periodStart: periodStart,
            periodEnd: periodEnd,
            coverageJSON: coverageJSON
        )
    }
}
