import CaseStore
import FHIR
import Foundation

/// The demo clients of `Fixtures/demo/clients.json`: an EHR, a provider organization, another
/// payer and a reviewer desk, with public keys from `Fixtures/keys` (whose private halves are
/// published on purpose, so the walk-through can get tokens the real way).
enum DemoClients {
    static let file = "clients.json"

    static func load(from folder: URL, registeredAt date: Date) throws -> [RegisteredClient] {
        let url = folder.appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url) else { throw DemoPlan.LoadError("cannot read \(url.path)") }
        let document: JSON
        do {
            document = try JSON.parse(data: data)
        } catch {
            throw DemoPlan.LoadError("\(url.path) is not valid JSON: \(error.description)")
        }
        return try (document["clients"]?.array ?? []).enumerated().map { index, entry in
            try client(entry, at: "\(file): clients[\(index)]", folder: folder, date: date)
        }
    }

    private static func client(_ entry: JSON, at location: String, folder: URL, date: Date) throws -> RegisteredClient {
        func string(_ key: String) throws -> String {
            guard let value = entry[key]?.string, !value.isEmpty else {
                throw DemoPlan.LoadError("\(location).\(key) is missing")
            }
            return value
        }
        func strings(_ key: String) -> [String] { (entry[key]?.array ?? []).compactMap(\.string) }
        let kindText = try string("kind")
        guard let kind = RegisteredClient.Kind(rawValue: kindText) else {
            throw DemoPlan.LoadError("\(location).kind \"\(kindText)\" is not one of ehr, provider, payer, reviewer")
        }
        let jwksURL = folder.appendingPathComponent(try string("jwksFile"))
        guard let jwksData = try? Data(contentsOf: jwksURL), let jwks = try? JSON.parse(data: jwksData),
            jwks["keys"]?.array?.isEmpty == false
        else {
            throw DemoPlan.LoadError("\(location).jwksFile: \(jwksURL.path) is not a JWKS with keys")
        }
        let identifiers = try (entry["organizationIdentifiers"]?.array ?? []).map { identifier in
            guard let system = identifier["system"]?.string, let value = identifier["value"]?.string else {
                throw DemoPlan.LoadError("\(location).organizationIdentifiers needs system and value")
            }
            return OrganizationIdentifier(system: system, value: value)
        }
        return RegisteredClient(
            id: try string("id"), name: try string("name"), kind: kind,
            organizationIdentifiers: identifiers,
            jwks: jwks.serializedString(),
            allowedScopes: strings("allowedScopes"), roles: strings("roles"),
            createdAt: date)
    }
}
