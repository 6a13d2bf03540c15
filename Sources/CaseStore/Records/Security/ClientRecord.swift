import Foundation
internal import GRDB

/// A row of `client`. Lists are stored as JSON arrays: they are read whole, never queried into.
struct ClientRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "client"

    var id: String
    var name: String
    var kind: String
    var organizationIdentifiers: String
    var jwks: String?
    var jwksURL: String?
    var allowedScopes: String
    var roles: String
    var status: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, kind, jwks, roles, status
        case organizationIdentifiers = "organization_identifiers"
        case jwksURL = "jwks_url"
        case allowedScopes = "allowed_scopes"
        case createdAt = "created_at"
    }

    init(_ client: RegisteredClient) throws {
        id = client.id
        name = client.name
        kind = client.kind.rawValue
        organizationIdentifiers = try Self.encode(client.organizationIdentifiers)
        jwks = client.jwks
        jwksURL = client.jwksURL
        allowedScopes = try Self.encode(client.allowedScopes)
        roles = try Self.encode(client.roles)
        status = client.status.rawValue
        createdAt = SQLiteCaseStore.storable(client.createdAt)
    }

    func model() throws -> RegisteredClient {
        guard let kind = RegisteredClient.Kind(rawValue: kind), let status = RegisteredClient.Status(rawValue: status)
        else {
            throw CaseStoreError(.storageFailure, "client \(id) has an unreadable kind or status")
        }
        return RegisteredClient(
            id: id, name: name, kind: kind,
            organizationIdentifiers: try decode(organizationIdentifiers),
            jwks: jwks, jwksURL: jwksURL,
            allowedScopes: try decode(allowedScopes),
            roles: try decode(roles),
            status: status, createdAt: createdAt)
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String { try JSONColumn.encode(value) }

    private func decode<T: Decodable>(_ text: String) throws -> T { try JSONColumn.decode(text, row: "client \(id)") }
}
