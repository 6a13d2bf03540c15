import Auth
import CaseStore
import DTR
import FHIR
import Foundation
import Hummingbird

/// DTR over HTTP, the Questionnaire side: `$questionnaire-package`, `$next-question` and the
/// published forms (`GET /Questionnaire?url=&context=&_id=`). The logic is in the DTR target.
///
/// Callers are DTR clients (SMART apps, EHRs) with `system/Questionnaire.r` for the operations
/// and `.s` to search, as SMART Backend Services grant them.
struct QuestionnaireRoutes {
    let services: DTRServices
    let timeSource: any TimeSource

    static let read = ScopeRequirement("Questionnaire", .r)
    static let search = ScopeRequirement("Questionnaire", .s)

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        capabilities.declare(resource: "Questionnaire") { resource in
            resource.profiles = [
                "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire",
                "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt-search",
            ]
            resource.interactions += ["read", "search-type"]
            resource.searchParameters += [
                .init(name: "url", type: "uri", documentation: "The form's canonical, optionally `|version`."),
                .init(name: "context", type: "token", documentation: "A CRD coverage-assertion-id: the forms it named."),
                .init(name: "_id", type: "token"),
            ]
            resource.operations.append(.init(
                name: "questionnaire-package", definition: DTRVocabulary.OperationDefinition.questionnairePackage,
                documentation: "Da Vinci DTR: the forms for a coverage and its orders (or a CRD context), with their Libraries and ValueSets."))
        }
        let package = services.package
        let timeSource = timeSource
        routes.post("/Questionnaire/$questionnaire-package", access: .scope(Self.read)) { request, context in
            var request = request
            let body = try await request.fhirJSON(context: context)
            let answer = await package.package(body: body, reader: try context.authenticatedCaller().assertionReader, now: timeSource.now())
            return FHIRPayload(answer.body, status: .init(code: answer.status))
        }
        if let next = services.nextQuestion {
            capabilities.declare(resource: "Questionnaire") { resource in
                resource.operations.append(.init(
                    name: "next-question", definition: DTRVocabulary.OperationDefinition.nextQuestion,
                    documentation: "SDC adaptive forms: the payer's rules append the next items, or complete the response."))
            }
            routes.post("/Questionnaire/$next-question", access: .scope(Self.read)) { request, context in
                var request = request
                let body = try await request.fhirJSON(context: context)
                let answer = await next.next(body: body, reader: try context.authenticatedCaller().assertionReader, now: timeSource.now())
                return FHIRPayload(answer.body, status: .init(code: answer.status))
            }
        }
        let search = services.questionnaires
        routes.get("/Questionnaire", access: .scope(Self.search)) { request, context in
            let query = request.uri.queryParameters
            let criteria = QuestionnaireSearch.Criteria(
                url: query.get("url"), context: query.get("context"), id: query.get("_id"))
            return FHIRPayload(try await search.search(
                criteria, reader: try context.authenticatedCaller().assertionReader, queryItems: SearchParameters.items(of: request)))
        }
        routes.get("/Questionnaire/{id}", access: .scope(Self.read)) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let form = search.read(id: id) else {
                throw FHIRHTTPError(.notFound, code: .notFound, "No Questionnaire with id \(id) here.")
            }
            return FHIRPayload(form)
        }
        LiteralValidateRoute.register("Questionnaire", on: routes)
    }
}

/// The query of a search request, as the searchset's `self` link repeats it.
enum SearchParameters {
    static func items(of request: Request) -> [URLQueryItem] {
        request.uri.queryParameters.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
    }
}
