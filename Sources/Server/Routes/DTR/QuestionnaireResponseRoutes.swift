import Auth
import CaseStore
import DTR
import FHIR
import Foundation
import Hummingbird

/// DTR over HTTP, the answers: `POST /QuestionnaireResponse` (a completed form, checked and
/// kept) and `GET /QuestionnaireResponse?context=&patient=`. A provider organization sees the
/// responses it sent; they are filed under the same submitter as its PAS requests.
struct QuestionnaireResponseRoutes {
    let services: DTRServices
    let timeSource: any TimeSource

    static let create = ScopeRequirement("QuestionnaireResponse", .c)
    static let read = ScopeRequirement("QuestionnaireResponse", .r)
    static let search = ScopeRequirement("QuestionnaireResponse", .s)

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        capabilities.declare(resource: "QuestionnaireResponse") { resource in
            resource.profiles = ["http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"]
            resource.interactions += ["create", "read", "search-type"]
            resource.searchParameters += [
                .init(name: "context", type: "token", documentation: "The CRD coverage-assertion-id the response answers."),
                .init(name: "patient", type: "reference", documentation: "Our member id, or the client's Patient reference."),
                .init(name: "questionnaire", type: "reference"),
            ]
        }
        let responses = services.responses
        let timeSource = timeSource
        routes.post("/QuestionnaireResponse", access: .scope(Self.create)) { request, context in
            // Responses are filed under the caller's organization, as PAS cases are.
            let caller = try context.authenticatedCaller()
            var request = request
            let body = try await request.fhirJSON(context: context)
            let answer = await responses.create(
                body: body, submitter: PASRoutes.submitter(caller), reader: caller.assertionReader, now: timeSource.now())
            var headers = HTTPFields()
            if answer.status == 201, let id = answer.body.id {
                headers[.location] = "\(responses.baseURL)/QuestionnaireResponse/\(id)/_history/1"
            }
            return FHIRPayload(answer.body, status: .init(code: answer.status), headers: headers)
        }
        routes.get("/QuestionnaireResponse", access: .scope(Self.search)) { request, context in
            let submitter = PASRoutes.submitter(try context.authenticatedCaller())
            let query = request.uri.queryParameters
            let criteria = QuestionnaireResponseQuery(
                contextID: query.get("context"), patient: query.get("patient").map(Self.withoutBase),
                submitter: submitter, questionnaire: query.get("questionnaire"), limit: 100)
            return FHIRPayload(try await responses.search(criteria, queryItems: SearchParameters.items(of: request)))
        }
        routes.get("/QuestionnaireResponse/{id}", access: .scope(Self.read)) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let response = try await responses.read(id: id, submitter: PASRoutes.submitter(try context.authenticatedCaller())) else {
                throw FHIRHTTPError(.notFound, code: .notFound, "No QuestionnaireResponse with id \(id) here.")
            }
            return FHIRPayload(response)
        }
        LiteralValidateRoute.register("QuestionnaireResponse", on: routes)
    }

    /// `https://ehr.example/fhir/Patient/1` → `Patient/1`.
    static func withoutBase(_ reference: String) -> String {
        let parts = reference.split(separator: "/")
        return parts.count > 2 ? parts.suffix(2).joined(separator: "/") : reference
    }
}
