internal import GRDB

/// A row of `payer`.
struct PayerRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "payer"

    var id: String
    var name: String
    var identifierSystem: String?
    var identifierValue: String?

    enum CodingKeys: String, CodingKey {
        case id, name
        case identifierSystem = "identifier_system"
        case identifierValue = "identifier_value"
    }

    init(_ payer: Payer) {
        id = payer.id
        name = payer.name
        identifierSystem = payer.identifierSystem
        identifierValue = payer.identifierValue
    }

    var model: Payer {
        Payer(id: id, name: name, identifierSystem: identifierSystem, identifierValue: identifierValue)
    }
}
