internal import GRDB

/// A row of `plan`.
struct PlanRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plan"

    var id: String
    var payerID: String
    var name: String
    var lineOfBusiness: LineOfBusiness

    enum CodingKeys: String, CodingKey {
        case id
        case payerID = "payer_id"
        case name
        case lineOfBusiness = "line_of_business"
    }

    init(_ plan: HealthPlan) {
        id = plan.id
        payerID = plan.payerID
        name = plan.name
        lineOfBusiness = plan.lineOfBusiness
    }

    var model: HealthPlan {
        HealthPlan(id: id, payerID: payerID, name: name, lineOfBusiness: lineOfBusiness)
    }
}
