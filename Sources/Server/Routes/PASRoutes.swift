import Auth
import CaseStore
import Eligibility
import FHIR
import Foundation
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
            operation(
                "submit", definition: Self.submitDefinition, permission: .c, action: "submit",
                documentation: "Da Vinci PAS: a prior-authorization request Bundle in, the PAS response Bundle out.",
                on: routes, capabilities: capabilities
            ) { body, requester, now in
                await submit.submit(body: body, submitter: requester.submitter, receivedAt: now)
            }
        }
        operation(
            "inquire", definition: Self.inquireDefinition, permission: .r, action: "inquire about",
            documentation: "Da Vinci PAS: the current state of the caller's prior-authorization requests that match the inquiry.",
            on: routes, capabilities: capabilities
        ) { body, requester, now in
            await inquiry.inquire(body: body, requester: requester, receivedAt: now)
        }
    }

    /// `POST /{type}/$name` for Claim: declared in the CapabilityStatement, open to provider
    /// organizations whose token grants `system/Claim.<permission>`; `answer` gets the body.
    private func operation(
        _ name: String, definition: String, permission: SMARTScope.Permissions, action: String, documentation: String,
        on routes: RouteBuilder, capabilities: CapabilityRegistry,
        answer: @escaping @Sendable ([UInt8], PASRequester, Date) async -> PASAnswer
    ) {
        capabilities.declare(resource: "Claim") { resource in
            resource.operations.append(.init(name: name, definition: definition, documentation: documentation))
        }
        let timeSource = timeSource
        routes.post("/{type}/$\(name)", access: .scope(ScopeRequirement("Claim", permission))) { request, context in
            try Self.requireClaim(context, operation: name)
            let requester = try Self.provider(context.authenticatedCaller(), for: action)
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let reply = await answer(Array(body.readableBytesView), requester, timeSource.now())
            return FHIRPayload(reply.body, status: HTTPResponse.Status(code: reply.status))
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

    /// The caller as a PAS requester, or 403 when it is no provider organization.
    static func provider(_ caller: Caller, for action: String) throws -> PASRequester {
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
