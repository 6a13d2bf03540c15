internal import GRDB

/// A row of `provider`.
struct ProviderRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "provider"

    var npi: String
    var name: String
    var kind: Provider.Kind
    var taxonomy: String?
    var specialty: String?

    init(_ provider: Provider) {
        npi = provider.npi
        name = provider.name
        kind = provider.kind
        taxonomy = provider.taxonomy
        specialty = provider.specialty
    }

    var model: Provider {
        Provider(npi: npi, name: name, kind: kind, taxonomy: taxonomy, specialty: specialty)
    }
}
