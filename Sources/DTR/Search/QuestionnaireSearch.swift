import CaseStore
import FHIR
import Foundation

/// `GET /Questionnaire` and `GET /Questionnaire/{id}`: the published forms, as served (an
/// adaptive form names this server for `$next-question`).
public struct QuestionnaireSearch: Sendable {
    let catalog: QuestionnaireCatalog
    let store: any CaseStore
    let builder: PackageBundleBuilder
    let baseURL: String

    public init(catalog: QuestionnaireCatalog, store: any CaseStore, baseURL: String) {
        self.catalog = catalog
        self.store = store
        self.builder = PackageBundleBuilder(catalog: catalog, baseURL: baseURL)
        self.baseURL = baseURL
    }

    public struct Criteria: Sendable {
        /// `url` or `url|version`.
        public var url: String?
        /// A CRD `coverage-assertion-id`: the forms that assertion named.
        public var context: String?
        public var id: String?

        public init(url: String? = nil, context: String? = nil, id: String? = nil) {
            self.url = url
            self.context = context
            self.id = id
        }
    }

    public func read(id: String) -> JSON? {
        catalog.questionnaire(id: id).map(builder.served)
    }

    /// A `context` the caller's organization did not get from CRD matches nothing.
    public func search(_ criteria: Criteria, reader: AssertionReader, queryItems: [URLQueryItem]) async throws -> JSON {
        var found = catalog.questionnaires
        if let url = criteria.url {
            let canonical = Canonical(url)
            found = found.filter { $0.canonical.url == canonical.url && (canonical.version == nil || $0.canonical.version == canonical.version) }
        }
        if let id = criteria.id { found = found.filter { $0.id == id } }
        if let context = criteria.context {
            let named = Set(try await store.coverageAssertions(id: context, readBy: reader).flatMap(\.questionnaires).map { Canonical($0).url })
            found = found.filter { named.contains($0.canonical.url) }
        }
        return FHIRBundle.searchset(
            baseURL: baseURL, resourceType: "Questionnaire", queryItems: queryItems, offset: 0, count: max(found.count, 1),
            total: found.count, resources: found.map(builder.served)
        ).json
    }
}
