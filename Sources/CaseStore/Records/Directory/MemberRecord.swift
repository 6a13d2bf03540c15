internal import GRDB

/// A row of `member`.
struct MemberRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "member"

    var id: String
    var payerID: String
    var givenName: String?
    var familyName: String?
    var birthDate: String?
    var gender: String?
    var patientJSON: String

    enum CodingKeys: String, CodingKey {
        case id
        case payerID = "payer_id"
        case givenName = "given_name"
        case familyName = "family_name"
        case birthDate = "birth_date"
        case gender
        case patientJSON = "patient_json"
    }

    /// Read column by column rather than through `Decodable` (see ``CaseItemRecord/init(row:)``):
    /// every hook call and submission reads the member.
    init(row: Row) {
        id = row["id"]
        payerID = row["payer_id"]
        givenName = row["given_name"]
        familyName = row["family_name"]
        birthDate = row["birth_date"]
        gender = row["gender"]
        patientJSON = row["patient_json"]
    }

    init(_ member: Member) {
        id = member.id
        payerID = member.payerID
        givenName = member.givenName
        familyName = member.familyName
        birthDate = member.birthDate
        gender = member.gender
        patientJSON = member.patientJSON
    }

    var model: Member {
        Member(
            id: id,
            payerID: payerID,
            givenName: givenName,
            familyName: familyName,
            birthDate: birthDate,
            gender: gender,
            patientJSON: patientJSON
        )
    }
}
