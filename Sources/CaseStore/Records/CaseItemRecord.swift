import Foundation
internal import GRDB

/// A row of `case_item`. Internal: the rest of the server sees ``CaseItem``.
struct CaseItemRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "case_item"

    var caseID: String
    var sequence: Int
    var serviceSystem: String
    var serviceCode: String
    var quantityValue: String?
    var quantityUnit: String?
    var serviceStart: String?
    var serviceEnd: String?
    var status: ItemStatus
    var reviewAction: ReviewAction?
    /// Stored as a JSON array of strings; GRDB encodes the array as JSON text.
    var reasonCodes: [String]
    var note: String?
    var authorizedQuantityValue: String?
    var authorizedQuantityUnit: String?
    var authorizedStart: String?
    var authorizedEnd: String?
    var decidedAt: Date?
    var decidedBy: String?
    var onTime: Bool?

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case sequence
        case serviceSystem = "service_system"
        case serviceCode = "service_code"
        case quantityValue = "quantity_value"
        case quantityUnit = "quantity_unit"
        case serviceStart = "service_start"
        case serviceEnd = "service_end"
        case status
        case reviewAction = "review_action"
        case reasonCodes = "reason_codes"
        case note
        case authorizedQuantityValue = "authorized_quantity_value"
        case authorizedQuantityUnit = "authorized_quantity_unit"
        case authorizedStart = "authorized_start"
        case authorizedEnd = "authorized_end"
        case decidedAt = "decided_at"
        case decidedBy = "decided_by"
        case onTime = "on_time"
    }
}

extension CaseItemRecord {
    /// Read column by column rather than through `Decodable`, which cost more than the query on
    /// the paths that read items for every request.
    init(row: Row) throws {
        caseID = row["case_id"]
        sequence = row["sequence"]
        serviceSystem = row["service_system"]
        serviceCode = row["service_code"]
        quantityValue = row["quantity_value"]
        quantityUnit = row["quantity_unit"]
        serviceStart = row["service_start"]
        serviceEnd = row["service_end"]
        status = try RecordColumn.decode(ItemStatus.self, row["status"], column: "case_item.status")
        reviewAction = try (row["review_action"] as String?).map {
            try RecordColumn.decode(ReviewAction.self, $0, column: "case_item.review_action")
        }
        reasonCodes = try RecordColumn.stringList(row["reason_codes"], column: "case_item.reason_codes")
        note = row["note"]
        authorizedQuantityValue = row["authorized_quantity_value"]
        authorizedQuantityUnit = row["authorized_quantity_unit"]
        authorizedStart = row["authorized_start"]
        authorizedEnd = row["authorized_end"]
        decidedAt = row["decided_at"]
        decidedBy = row["decided_by"]
        onTime = row["on_time"]
    }

    init(_ item: CaseItem) {
        caseID = item.caseID
        sequence = item.sequence
        serviceSystem = item.service.system
        serviceCode = item.service.code
        quantityValue = item.quantity?.value
        quantityUnit = item.quantity?.unit
        serviceStart = item.servicePeriod?.start
        serviceEnd = item.servicePeriod?.end
        status = item.status
        reviewAction = item.reviewAction
        reasonCodes = item.reasonCodes
        note = item.note
        authorizedQuantityValue = item.authorizedQuantity?.value
        authorizedQuantityUnit = item.authorizedQuantity?.unit
        authorizedStart = item.authorizedPeriod?.start
        authorizedEnd = item.authorizedPeriod?.end
        decidedAt = item.decidedAt
        decidedBy = item.decidedBy
        onTime = item.onTime
    }

    var model: CaseItem {
        CaseItem(
            caseID: caseID,
            sequence: sequence,
            service: ServiceCode(system: serviceSystem, code: serviceCode),
            quantity: quantityValue.map { Quantity(value: $0, unit: quantityUnit) },
            servicePeriod: Self.period(serviceStart, serviceEnd),
            status: status,
            reviewAction: reviewAction,
            reasonCodes: reasonCodes,
            note: note,
            authorizedQuantity: authorizedQuantityValue.map { Quantity(value: $0, unit: authorizedQuantityUnit) },
            authorizedPeriod: Self.period(authorizedStart, authorizedEnd),
            decidedAt: decidedAt,
            decidedBy: decidedBy,
            onTime: onTime
        )
    }

    private static func period(_ start: String?, _ end: String?) -> ServicePeriod? {
        start == nil && end == nil ? nil : ServicePeriod(start: start, end: end)
    }
}
