import Auth
import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import PAS

/// PAS subscriptions over HTTP: `POST /Subscription`, `GET /Subscription` (the caller's own,
/// by `url` and `status`), `GET`, `PUT` and `DELETE /Subscription/{id}`, and the Backport's
/// `$status` at type and instance level and `$events`. The logic is in ``PASSubscriptionService``;
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
            resource.searchParameters = [
                .init(name: "url", type: "uri", documentation: "The channel endpoint (comma-separated alternatives)."),
                .init(name: "status", type: "token", documentation: "requested, active, error or off."),
            ]
            resource.operations = [
                .init(
                    name: "events", definition: Self.eventsOperation,
                    documentation: "GET or POST, instance level (eventsSinceNumber, eventsUntilNumber, content): the "
                        + "subscription's past notifications, at most \(PASSubscriptionEventsRequest.limit) per call, lowest "
                        + "number first, as a history Bundle (query-event)."),
                .init(
                    name: "status", definition: Self.statusOperation,
                    documentation: "GET or POST, type level (id, status parameters) or instance level: a searchset of "
                        + "SubscriptionStatus (query-status) for the caller's subscriptions.")
            ]
            resource.documentation =
                "Da Vinci PAS pended results: one rest-hook subscription per organization to "
                + "\(PASSubscriptionTopic.url), filtered by org-identifier (orgIdentifier accepted); "
                + "full-resource or id-only notifications, handshake on creation and reactivation. "
                + "A search (url = the channel endpoint, status) returns the caller's own subscriptions; "
                + "$status (type and instance level) reports their status, event count and errors."
        }
        ValidateRoutes().register(literalType: "Subscription", on: routes)
        routes.post("/Subscription", access: Self.access(.c)) { request, context in
            let owner = try Self.owner(context)
            let answer = await service.create(body: try await Self.body(request, context), owner: owner)
            return payload(answer, created: answer.status == 201)
        }
        routes.get("/Subscription", access: Self.access(.s)) { request, context in
            let query = request.uri.queryParameters
            let criteria = PASSubscriptionQuery(
                endpoints: PASSubscriptionQuery.alternatives(query.getAll("url").map { String($0) }),
                statuses: PASSubscriptionQuery.alternatives(query.getAll("status").map { String($0) }))
            return payload(await service.search(
                owner: try Self.owner(context), criteria, queryItems: SearchParameters.items(of: request), at: timeSource.now()))
        }
        // $status: GET with query parameters, or POST with a Parameters body.
        for method in [HTTPRequest.Method.get, .post] {
            routes.on("/Subscription/$status", method: method, access: Self.access(.r)) { request, context in
                let owner = try Self.owner(context)
                let parameters = try await Self.operationParameters(request, context)
                let criteria = PASSubscriptionQuery(
                    statuses: PASSubscriptionQuery.alternatives(parameters["status"] ?? []),
                    ids: PASSubscriptionQuery.alternatives(parameters["id"] ?? []))
                return payload(await service.status(owner: owner, criteria, at: timeSource.now()))
            }
            routes.on("/Subscription/{id}/$events", method: method, access: Self.access(.r)) { request, context in
                let owner = try Self.owner(context)
                let id = try context.parameters.require("id")
                let parameters = try await Self.operationParameters(request, context)
                return payload(await service.events(id: id, owner: owner, parameters: parameters, at: timeSource.now()))
            }
            routes.on("/Subscription/{id}/$status", method: method, access: Self.access(.r)) { request, context in
                let owner = try Self.owner(context)
                _ = try await Self.operationParameters(request, context)  // read, and refused when malformed
                return payload(await service.status(
                    id: try context.parameters.require("id"), owner: owner, at: timeSource.now()))
            }
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

    /// The Backport's `$status` operation.
    static let statusOperation = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status"
    /// The Backport's `$events` operation.
    static let eventsOperation = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events"

    /// An operation's parameters by name: the query's on GET, the Parameters body's (its
    /// primitive `value[x]`s as text) on POST. A POST body that is not a Parameters is a 400.
    static func operationParameters(_ request: Request, _ context: GreenlightRequestContext) async throws
        -> [String: [String]]
    {
        var parameters: [String: [String]] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name), default: []].append(String(value)) }
        guard request.method == .post else { return parameters }
        // An operation whose parameters are all optional may be POSTed without a body.
        var request = request
        let bytes = try await request.collectBody(upTo: context.maxUploadSize)
        guard bytes.readableBytes > 0 else { return parameters }
        let body = try await request.fhirJSON(context: context)
        guard let input = ParametersInput(body) else {
            throw FHIRHTTPError(.badRequest, code: .structure, "The operation's body must be a Parameters resource.", expression: ["Parameters"])
        }
        return parameters.merging(input.textValues) { query, body in query + body }
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
