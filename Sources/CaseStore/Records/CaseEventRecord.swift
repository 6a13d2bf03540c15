import Foundation
internal import GRDB

/// A row of `case_event`, append-only. Internal: the rest of the server sees ``CaseEvent``.
struct CaseEventRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "case_event"

    /// `nil` until inserted; SQLite assigns increasing ids.
    var id: Int64?
    var caseID: String
    var at: Date
    var actor: String
    var kind: CaseEventKind
    var itemSequence: Int?
    var beforeJSON: String?
    var afterJSON: String?

    enum CodingKeys: String, CodingKey {
        case id
        case caseID = "case_id"
        case at, actor, kind
        case itemSequence = "item_sequence"
        case beforeJSON = "before_json"
        case afterJSON = "after_json"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var model: CaseEvent {
        CaseEvent(
            id: id ?? 0,
            caseID: caseID,
            at: at,
            actor: actor,
            kind: kind,
            itemSequence: itemSequence,
            before: beforeJSON,
            after: afterJSON
        )
    }
}
