import Auth
import DTR
import FHIR
import Hummingbird

/// `GET /{type}/{id}` for the DTR resources: a published Questionnaire (`system/Questionnaire.r`)
/// or a stored QuestionnaireResponse of the caller's organization (`system/QuestionnaireResponse.r`).
///
/// One route with a type parameter, not `/Questionnaire/{id}`: the router prefers a literal
/// segment, so a literal `/Questionnaire/…` route would hide `POST /{type}/$validate` for it.
struct DTRReadRoute {
    let services: DTRServices

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        for requirement in [QuestionnaireRoutes.read, QuestionnaireResponseRoutes.read] {
            capabilities.declare(scope: requirement.description)
        }
        let services = services
        routes.get("/{type}/{id}", access: .authenticated) { request, context in
            let type = context.parameters.get("type") ?? ""
            let id = context.parameters.get("id") ?? ""
            switch type {
            case "Questionnaire":
                try Self.require(QuestionnaireRoutes.read, of: context.caller)
                guard let form = services.questionnaires.read(id: id) else { throw Self.notFound(type, id) }
                return FHIRPayload(form)
            case "QuestionnaireResponse":
                try Self.require(QuestionnaireResponseRoutes.read, of: context.caller)
                let submitter = try QuestionnaireResponseRoutes.submitter(context.caller)
                guard let response = try await services.responses.read(id: id, submitter: submitter) else {
                    throw Self.notFound(type, id)
                }
                return FHIRPayload(response)
            default:
                throw FHIRHTTPError(.notFound, code: .notFound, "No endpoint at GET \(request.uri.path).")
            }
        }
    }

    static func require(_ requirement: ScopeRequirement, of caller: Caller?) throws {
        guard let caller, caller.isAllowed(requirement) else {
            throw FHIRHTTPError(.forbidden, code: .forbidden, "The access token does not grant \(requirement).")
        }
    }

    static func notFound(_ type: String, _ id: String) -> FHIRHTTPError {
        FHIRHTTPError(.notFound, code: .notFound, "No \(type) with id \(id) here.")
    }
}
