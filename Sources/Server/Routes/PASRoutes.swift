import Auth
import CaseStore
import Eligibility
import FHIR
import Hummingbird
import PAS

/// PAS over HTTP: `POST /Claim/$submit` and `POST /Claim/$inquire`. The logic is in
/// ``PASSubmitService`` and ``PASInquiryService``; this checks the caller and moves bytes.
///
/// Only provider organizations' clients call them (tokens granting `system/Claim.c` to submit,
/// `system/Claim.r` to inquire); a case records the organization (its NPI, else the client id)
/// as the submitter, which is also what makes a resent Bundle the same request and what
/// decides which requests an inquiry may see.
struct PASRoutes {
    /// `nil` without rules: `$submit` needs them to adjudicate.
    let submit: PASSubmitService?
    let inquiry: PASInquiryService
    let timeSource: any TimeSource

    static let submitDefinition = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit"
    static let inquireDefinition = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquire"

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        if let submit {
            capabilities.declare(resource: "Claim") { resource in
                resource.operations.append(.init(
                    name: "submit", definition: Self.submitDefinition,
                    documentation: "Da Vinci PAS: a prior-authorization request Bundle in, the PAS response Bundle out."))
            }
            routes.post("/{type}/$submit", access: .scope(ScopeRequirement("Claim", .c))) { request, context in
                try Self.requireClaim(context, operation: "submit")
                let requester = try Self.provider(context.caller, for: "submit")
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                let answer = await submit.submit(
                    body: Array(body.readableBytesView), submitter: requester.submitter, receivedAt: timeSource.now())
                return FHIRPayload(answer.body, status: HTTPResponse.Status(code: answer.status))
            }
        }
        capabilities.declare(resource: "Claim") { resource in
            resource.operations.append(.init(
                name: "inquire", definition: Self.inquireDefinition,
                documentation: "Da Vinci PAS: the current state of the caller's prior-authorization requests that match the inquiry."))
        }
        routes.post("/{type}/$inquire", access: .scope(ScopeRequirement("Claim", .r))) { request, context in
            try Self.requireClaim(context, operation: "inquire")
            let requester = try Self.provider(context.caller, for: "inquire about")
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let answer = await inquiry.inquire(body: Array(body.readableBytesView), requester: requester, receivedAt: timeSource.now())
            return FHIRPayload(answer.body, status: HTTPResponse.Status(code: answer.status))
        }
    }

    /// The operations are Claim's. The path is `/{type}/$…` rather than `/Claim/$…` because the
    /// router prefers a literal segment: `/Claim/$submit` would hide `/{type}/$validate` for Claim.
    static func requireClaim(_ context: GreenlightRequestContext, operation: String) throws {
        let type = context.parameters.get("type") ?? ""
        guard type == "Claim" else {
            throw FHIRHTTPError(.notFound, code: .notSupported, "$\(operation) is an operation on Claim, not on \(type).")
        }
    }

    /// The caller as a PAS requester, or 401/403 when it is none.
    static func provider(_ caller: Caller?, for action: String) throws -> PASRequester {
        guard let caller else { throw FHIRHTTPError(.unauthorized, code: .login, "PAS operations need an access token.") }
        guard caller.kind == .provider else {
            throw FHIRHTTPError(
                .forbidden, code: .forbidden,
                "Client \(caller.clientID) is registered as \(caller.kind.rawValue); only provider organizations \(action) prior-authorization requests.")
        }
        return PASRequester(
            submitter: submitter(caller),
            npis: caller.organizationIdentifiers.filter { $0.system == IdentifierSystem.npi }.map(\.value))
    }

    /// The organization a case is recorded for: its NPI when the client has one, else the client.
    static func submitter(_ caller: Caller) -> String {
        caller.organizationIdentifiers.first { $0.system == IdentifierSystem.npi }.map { "npi:\($0.value)" }
            ?? "client:\(caller.clientID)"
    }
}
