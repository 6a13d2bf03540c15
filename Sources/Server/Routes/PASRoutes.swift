import Auth
import CaseStore
import Eligibility
import FHIR
import Hummingbird
import PAS

/// PAS over HTTP: `POST /Claim/$submit`. The logic is in ``PASSubmitService``; this checks the
/// caller and moves bytes.
///
/// Only a provider organization's client may submit (a token granting `system/Claim.c`); the
/// case records the organization (its NPI, else the client id) as the submitter, which is also
/// what makes a resent Bundle the same request.
struct PASRoutes {
    let service: PASSubmitService
    let timeSource: any TimeSource

    static let submitDefinition = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit"

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        capabilities.declare(resource: "Claim") { resource in
            resource.operations.append(.init(
                name: "submit", definition: Self.submitDefinition,
                documentation: "Da Vinci PAS: a prior-authorization request Bundle in, the PAS response Bundle out."))
        }
        routes.post("/Claim/$submit", access: .scope(ScopeRequirement("Claim", .c))) { request, context in
            guard let caller = context.caller else {
                throw FHIRHTTPError(.unauthorized, code: .login, "Claim/$submit needs an access token.")
            }
            guard caller.kind == .provider else {
                throw FHIRHTTPError(
                    .forbidden, code: .forbidden,
                    "Client \(caller.clientID) is registered as \(caller.kind.rawValue); only provider organizations submit prior-authorization requests.")
            }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let answer = await service.submit(
                body: Array(body.readableBytesView), submitter: Self.submitter(caller), receivedAt: timeSource.now())
            return FHIRPayload(answer.body, status: HTTPResponse.Status(code: answer.status))
        }
    }

    /// The organization a case is recorded for: its NPI when the client has one, else the client.
    static func submitter(_ caller: Caller) -> String {
        caller.organizationIdentifiers.first { $0.system == IdentifierSystem.npi }.map { "npi:\($0.value)" }
            ?? "client:\(caller.clientID)"
    }
}
