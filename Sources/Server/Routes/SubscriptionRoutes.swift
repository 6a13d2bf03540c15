import Auth
import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import PAS

/// PAS subscriptions over HTTP: `POST /Subscription`, `GET /Subscription` (the caller's own),
/// `GET`, `PUT` and `DELETE /Subscription/{id}`. The logic is in ``PASSubscriptionService``;
/// this checks the caller and moves bytes.
///
/// Provider organizations' clients only, with `system/Subscription.c`, `.s`, `.r`, `.u` or `.d`
/// as the interaction needs; a subscription belongs to the organization the client speaks for
/// (the key its cases are recorded under, see ``PASRoutes/submitter(_:)``).
struct SubscriptionRoutes {
    let service: PASSubscriptionService
    let timeSource: any TimeSource
    let baseURL: String

    func register(on routes: RouteBuilder, capabilities: CapabilityRegistry) {
        capabilities.declare(resource: "Subscription") { resource in
            resource.profiles = [PASSubscriptionTopic.subscriptionProfile]
            resource.interactions = ["create", "read", "update", "delete", "search-type"]
            resource.documentation =
                "Da Vinci PAS pended results: one rest-hook subscription per organization to "
                + "\(PASSubscriptionTopic.url), filtered by org-identifier (orgIdentifier accepted); "
                + "full-resource or id-only notifications, handshake on creation and reactivation. "
                + "A search returns the caller's own subscriptions."
        }
        ValidateRoutes().register(literalType: "Subscription", on: routes)
        routes.post("/Subscription", access: Self.access(.c)) { request, context in
            let owner = try Self.owner(context)
            let answer = await service.create(body: try await Self.body(request, context), owner: owner)
            return payload(answer, created: answer.status == 201)
        }
        routes.get("/Subscription", access: Self.access(.s)) { _, context in
            payload(await service.search(owner: try Self.owner(context), at: timeSource.now()))
        }
        routes.get("/Subscription/{id}", access: Self.access(.r)) { _, context in
            payload(await service.read(id: try context.parameters.require("id"), owner: try Self.owner(context)))
        }
        routes.on("/Subscription/{id}", method: .put, access: Self.access(.u)) { request, context in
            let owner = try Self.owner(context)
            let id = try context.parameters.require("id")
            return payload(await service.update(id: id, body: try await Self.body(request, context), owner: owner))
        }
        routes.on("/Subscription/{id}", method: .delete, access: Self.access(.d)) { _, context in
            payload(await service.delete(id: try context.parameters.require("id"), owner: try Self.owner(context)))
        }
    }

    private static func access(_ permission: SMARTScope.Permissions) -> RouteAccess {
        .scope(ScopeRequirement("Subscription", permission))
    }

    private static func body(_ request: Request, _ context: GreenlightRequestContext) async throws -> [UInt8] {
        Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
    }

    /// The answer, with `Location` and `ETag` for a created or returned Subscription.
    private func payload(_ answer: PASAnswer, created: Bool = false) -> FHIRPayload {
        var headers: HTTPFields = [:]
        if answer.body.resourceType == "Subscription", let id = answer.body.id,
            let version = answer.body["meta"]?["versionId"]?.string
        {
            headers[.eTag] = "W/\"\(version)\""
            if created { headers[.location] = "\(baseURL)/Subscription/\(id)/_history/\(version)" }
        }
        return FHIRPayload(answer.body, status: HTTPResponse.Status(code: answer.status), headers: headers)
    }

    /// The caller as a subscription owner: its organization's key, and every identifier its
    /// filter may name (organization identifiers and the client id). 401/403 as for PAS.
    static func owner(_ context: GreenlightRequestContext) throws -> PASSubscriptionOwner {
        let caller = try context.authenticatedCaller()
        let requester = try PASRoutes.provider(caller, for: "subscribe to")
        let identifiers = Set(caller.organizationIdentifiers.map(\.value)).union([caller.clientID])
        return PASSubscriptionOwner(submitter: requester.submitter, identifiers: identifiers)
    }
}
