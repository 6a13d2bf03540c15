import FHIR
import Hummingbird

/// `POST /{Type}/$validate` again for a type that has literal routes of its own: the router
/// prefers a literal segment, so `GET /Questionnaire/{id}` would otherwise hide
/// `POST /{type}/$validate` for Questionnaire. Same check as ``ValidateRoutes``.
enum LiteralValidateRoute {
    static func register(_ type: String, on routes: RouteBuilder) {
        routes.post("/\(type)/$validate", access: .authenticated) { request, context in
            var request = request
            let body = try await request.fhirJSON(context: context)
            return FHIRPayload(ValidateRoutes().validate(body, as: type).json)
        }
    }
}
