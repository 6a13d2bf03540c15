import FHIR
import Hummingbird

/// `POST /{type}/$validate`: checks a resource against FHIR's JSON rules.
///
/// Integrators use it to find out, before they submit, whether a payload is well-formed FHIR
/// JSON. It accepts the resource itself or a `Parameters` with a `resource` parameter, as the
/// operation's definition allows. The answer is 200 with an OperationOutcome listing the
/// issues (FHIRPath `expression` on each); a body that is not JSON at all is a 400.
struct ValidateRoutes {
    static let definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate"

    /// Resource types Greenlight exchanges, declared with `$validate` in the CapabilityStatement.
    /// The route itself accepts every FHIR R4 resource type.
    static let advertisedTypes = [
        "Bundle", "Claim", "ClaimResponse", "Coverage", "Patient", "Practitioner", "PractitionerRole",
        "Organization", "ServiceRequest", "DeviceRequest", "MedicationRequest", "Questionnaire",
        "QuestionnaireResponse",
    ]

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        for type in Self.advertisedTypes {
            capabilities.declare(resource: type) { resource in
                resource.operations.append(
                    .init(
                        name: "validate", definition: Self.definition,
                        documentation: "Checks FHIR R4 JSON structure; profile validation is not performed."))
            }
        }
        routes.post("/{type}/$validate", access: .authenticated) { request, context in
            try await self.answer(request, context, type: try context.parameters.require("type"))
        }
    }

    /// `POST /<type>/$validate` for a type with routes of its own under `/<type>/…`: the router
    /// prefers a literal first segment, so `/{type}/$validate` is not reached for that type.
    func register(literalType type: String, on routes: RouteBuilder) {
        routes.post("/\(type)/$validate", access: .authenticated) { request, context in
            try await self.answer(request, context, type: type)
        }
    }

    private func answer(_ request: Request, _ context: GreenlightRequestContext, type: String) async throws -> FHIRPayload {
        var request = request
        guard FHIRResourceType.isKnown(type) else {
            throw FHIRHTTPError(.notFound, code: .notSupported, "\(type) is not a FHIR R4 resource type.")
        }
        let body = try await request.fhirJSON(context: context)
        return FHIRPayload(self.validate(body, as: type).json)
    }

    func validate(_ body: JSON, as type: String) -> OperationOutcome {
        var resource = body
        var issues: [OperationOutcome.Issue] = []
        if type != "Parameters", body["resourceType"]?.string == "Parameters" {
            let parameters = body["parameter"]?.array ?? []
            guard let wrapped = parameters.first(where: { $0["name"]?.string == "resource" })?["resource"] else {
                return OperationOutcome(issues: [
                    .init(
                        severity: .error, code: .required,
                        diagnostics: "A Parameters body must carry the resource to validate in a parameter named \"resource\".",
                        expression: ["Parameters.parameter"])
                ])
            }
            resource = wrapped
            if parameters.contains(where: { $0["name"]?.string == "profile" }) {
                issues.append(
                    .init(
                        severity: .warning, code: .notSupported,
                        diagnostics: "Validation against a profile is not performed; only FHIR JSON structure was checked.",
                        expression: ["Parameters.parameter.where(name = 'profile')"]))
            }
        }
        issues += StructureValidator().validate(resource, expectedType: type)
        if !issues.contains(where: { $0.severity == .error || $0.severity == .fatal }) {
            issues.append(.init(severity: .information, code: .informational, diagnostics: "No structural errors found."))
        }
        return OperationOutcome(issues: issues)
    }
}
