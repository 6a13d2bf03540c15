import CaseStore
import DTR
import FHIR
import Foundation
import Testing

/// `GET /Questionnaire` by url, id and CRD context.
@Suite struct QuestionnaireSearchTests {
    static let cpap = "http://greenlight.example/fhir/Questionnaire/cpap"

    func search(_ env: DTREnvironment, _ criteria: QuestionnaireSearch.Criteria, reader: AssertionReader = DTREnvironment.ehr) async throws -> [String] {
        let search = QuestionnaireSearch(catalog: env.catalog, store: env.store, baseURL: DTREnvironment.base)
        let bundle = try await search.search(criteria, reader: reader, queryItems: [])
        return (bundle["entry"]?.array ?? []).compactMap { $0["resource"]?["url"]?.string }
    }

    @Test func byURLAndByID() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        #expect(try await search(env, .init(url: Self.cpap)) == [Self.cpap])
        #expect(try await search(env, .init(url: Self.cpap + "|9.9")) == [])
        #expect(try await search(env, .init(id: "home-oxygen")) == ["http://greenlight.example/fhir/Questionnaire/home-oxygen"])
    }

    @Test func byContextOnlyForTheOrganizationThatGotIt() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-1", questionnaires: [Self.cpap + "|2026.1.0"])
        #expect(try await search(env, .init(context: "ctx-1")) == [Self.cpap])
        let stranger = AssertionReader(clientID: "other", organizationIdentifiers: [.init(system: "http://hl7.org/fhir/sid/us-npi", value: "1")])
        #expect(try await search(env, .init(context: "ctx-1"), reader: stranger) == [])
    }
}
