import Foundation
internal import GRDB

/// A row of `signing_key`.
struct SigningKeyRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "signing_key"

    var kid: String
    var algorithm: String
    var privateKeyPEM: String
    var createdAt: Date
    var retiredAt: Date?

    enum CodingKeys: String, CodingKey {
        case kid, algorithm
        case privateKeyPEM = "private_key_pem"
        case createdAt = "created_at"
        case retiredAt = "retired_at"
    }

    init(_ key: StoredSigningKey) {
        kid = key.kid
        algorithm = key.algorithm
        privateKeyPEM = key.privateKeyPEM
        createdAt = SQLiteCaseStore.storable(key.createdAt)
        retiredAt = key.retiredAt.map(SQLiteCaseStore.storable)
    }

    var model: StoredSigningKey {
        StoredSigningKey(
            kid: kid, algorithm: algorithm, privateKeyPEM: privateKeyPEM, createdAt: createdAt, retiredAt: retiredAt)
    }
}
