import CaseStore
import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// The Backport server's `$status` (SHALL) and `$events` operations and the `url` and `status`
/// search parameters, over real HTTP on loopback, for the PAS subscriptions of
/// ``SubscriptionHTTPTests`` (which also checks what `$status` says of one in error).
@Suite struct SubscriptionStatusHTTPTests {
    typealias Subscriptions = SubscriptionHTTPTests

    /// The SubscriptionStatus entries of a `$status` answer.
    static func statuses(_ response: TestResponse) throws -> [JSON] {
        let bundle = try response.json()
        #expect(bundle["type"]?.string == "searchset")
        return (bundle["entry"]?.array ?? []).compactMap { $0["resource"] }
    }

    static func parameter(_ status: JSON, _ name: String) -> JSON? {
        status["parameter"]?.array?.first { $0["name"]?.string == name }
    }

    /// The demo clinic's subscription, active, on a server with another clinic registered.
    struct Setting: Sendable {
        let server: TestServer
        let client: any TestClientProtocol
        let subscriber: SubscriberEndpoint
        /// The subscriber's URL (the subscription's channel endpoint).
        let endpoint: String
        let id: String
        /// Headers with the clinic's token, and with the other clinic's.
        let mine: HTTPFields
        let other: HTTPFields
    }

    static func withActiveSubscription(_ body: @Sendable (Setting) async throws -> Void) async throws {
        let server = try await Subscriptions.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Subscriptions.scopes)
        let otherToken = try await Subscriptions.otherClinicToken(server)
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            try await server.live { client in
                let id = try await Subscriptions.subscribe(client, token: token, endpoint: endpoint, subscriber: subscriber)
                try await body(Setting(
                    server: server, client: client, subscriber: subscriber, endpoint: endpoint, id: id,
                    mine: Subscriptions.headers(token),
                    other: Subscriptions.headers(otherToken)))
            }
        }
    }

    @Test func statusReportsEventCountAndStateOfTheCallersSubscriptions() async throws {
        try await Self.withActiveSubscription { setting in
            let (server, client, subscriber, id, mine) = (setting.server, setting.client, setting.subscriber, setting.id, setting.mine)
            let caseID = try await Subscriptions.pendedCase(in: server.store)
            try await server.store.recordDecision(
                caseID: caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "reviewer-1",
                notify: server.dependencies.pasSubscriptionNotifier().builder)
            #expect(try await subscriber.wait { !$0.accepted("event-notification").isEmpty })

            let one = try await client.execute(uri: "/Subscription/\(id)/$status", method: .get, headers: mine)
            #expect(one.status == .ok)
            let status = try #require(try Self.statuses(one).first)
            #expect(status["resourceType"]?.string == "Parameters")
            #expect(status["meta"]?["profile"]?[0]?.string?.hasSuffix("backport-subscription-status-r4") == true)
            #expect(Self.parameter(status, "type")?["valueCode"]?.string == "query-status")
            #expect(Self.parameter(status, "status")?["valueCode"]?.string == "active")
            #expect(Self.parameter(status, "events-since-subscription-start")?["valueString"]?.string == "1")
            #expect(Self.parameter(status, "subscription")?["valueReference"]?["reference"]?.string
                == "\(TestServer.baseURL)/Subscription/\(id)")
            #expect(Self.parameter(status, "error") == nil)

            // Type level: filtered by status, by id; GET query or POST Parameters.
            let active = try await client.execute(uri: "/Subscription/$status?status=active", method: .get, headers: mine)
            #expect(try Self.statuses(active).count == 1)
            let off = try await client.execute(uri: "/Subscription/$status?status=off,error", method: .get, headers: mine)
            #expect(try Self.statuses(off).isEmpty)
            let byID: JSON = [
                "resourceType": "Parameters", "parameter": [["name": "id", "valueId": .string(id)]],
            ]
            let posted = try await client.execute(
                uri: "/Subscription/$status", method: .post, headers: mine, body: ByteBuffer(bytes: byID.serialized()))
            #expect(posted.status == .ok)
            #expect(try Self.statuses(posted).count == 1)
            let emptyPost = try await client.execute(uri: "/Subscription/\(id)/$status", method: .post, headers: mine)
            #expect(emptyPost.status == .ok, "every parameter is optional: no body is no parameters")
            #expect(try Self.statuses(emptyPost).count == 1)
            let unknownID = try await client.execute(uri: "/Subscription/$status?id=nope", method: .get, headers: mine)
            #expect(try Self.statuses(unknownID).isEmpty)

            // A status that is no status code is named; a body that is no Parameters is refused.
            let bogus = try await client.execute(uri: "/Subscription/$status?status=paused", method: .get, headers: mine)
            #expect(bogus.status == .badRequest)
            #expect(try bogus.operationOutcome().issues.first?.diagnostics?.contains("paused") == true)
            let notParameters = try await client.execute(
                uri: "/Subscription/$status", method: .post, headers: mine,
                body: ByteBuffer(bytes: (["resourceType": "Patient"] as JSON).serialized()))
            #expect(notParameters.status == .badRequest)

            // Another organization sees none of it.
            let other = setting.other
            let theirs = try await client.execute(uri: "/Subscription/\(id)/$status", method: .get, headers: other)
            #expect(theirs.status == .notFound)
            let all = try await client.execute(uri: "/Subscription/$status", method: .get, headers: other)
            #expect(try Self.statuses(all).isEmpty)
            // No token, no answer.
            let anonymous = try await client.execute(uri: "/Subscription/$status", method: .get, headers: fhirJSONHeaders)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func searchFiltersByEndpointAndStatus() async throws {
        try await Self.withActiveSubscription { setting in
            func total(_ query: String) async throws -> Int? {
                let response = try await setting.client.execute(uri: "/Subscription?\(query)", method: .get, headers: setting.mine)
                #expect(response.status == .ok)
                return try response.json()["total"]?.int
            }
            let encoded = try #require(setting.endpoint.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(try await total("url=\(encoded)") == 1)
            #expect(try await total("url=http%3A%2F%2Felsewhere.example%2Fhook") == 0)
            #expect(try await total("status=active") == 1)
            #expect(try await total("status=error,active") == 1)
            #expect(try await total("status=off") == 0)
            #expect(try await total("status=active&status=off") == 0, "repeated parameters must all match")
            let found = try await setting.client.execute(uri: "/Subscription?status=active", method: .get, headers: setting.mine)
            let bundle = try found.json()
            #expect(bundle["entry"]?[0]?["resource"]?["id"]?.string == setting.id)
            #expect(bundle["link"]?[0]?["url"]?.string?.contains("status=active") == true)
            // Another organization finds nothing, whatever it asks.
            let theirs = try await setting.client.execute(uri: "/Subscription?status=active", method: .get, headers: setting.other)
            #expect(try theirs.json()["total"]?.int == 0)
        }
    }

    @Test func eventsReturnsPastNotificationsByNumber() async throws {
        try await Self.withActiveSubscription { setting in
            let (server, client, subscriber, id, mine) = (setting.server, setting.client, setting.subscriber, setting.id, setting.mine)
            let caseID = try await Subscriptions.pendedCase(in: server.store)
            let notify = server.dependencies.pasSubscriptionNotifier().builder
            // An intermediate change while pended, then the decision: events 1 and 2.
            try await server.store.extendDueTime(
                caseID: caseID, DueTimeExtensionRequest(days: 2, reason: "Awaiting records", actor: "reviewer-1"), notify: notify)
            try await server.store.recordDecision(
                caseID: caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "reviewer-1", notify: notify)
            #expect(try await subscriber.wait { $0.accepted("event-notification").count == 2 })

            func events(_ query: String) async throws -> JSON {
                let response = try await client.execute(uri: "/Subscription/\(id)/$events\(query)", method: .get, headers: mine)
                #expect(response.status == .ok)
                return try response.json()
            }
            func numbers(_ bundle: JSON) -> [String] {
                let status = bundle["entry"]?[0]?["resource"]
                return (status?["parameter"]?.array ?? []).filter { $0["name"]?.string == "notification-event" }.compactMap {
                    $0["part"]?.array?.first { $0["name"]?.string == "event-number" }?["valueString"]?.string
                }
            }
            let all = try await events("")
            #expect(all["type"]?.string == "history")
            #expect(Self.parameter(all["entry"]?[0]?["resource"] ?? .null, "type")?["valueCode"]?.string == "query-event")
            #expect(numbers(all) == ["1", "2"])
            #expect(all["entry"]?.array?.count == 3, "the status, then each notification's response Bundle")
            #expect(all["entry"]?[2]?["resource"]?["entry"]?[0]?["resource"]?["resourceType"]?.string == "ClaimResponse")

            let second = try await events("?eventsSinceNumber=2")
            #expect(numbers(second) == ["2"])
            #expect(numbers(try await events("?eventsUntilNumber=1")) == ["1"])
            let idOnly = try await events("?content=id-only")
            #expect(idOnly["entry"]?[1]?["resource"] == nil)
            #expect(idOnly["entry"]?[1]?["fullUrl"]?.string != nil)
            #expect(try await events("?content=empty")["entry"]?.array?.count == 1)
            let posted = try await client.execute(
                uri: "/Subscription/\(id)/$events", method: .post, headers: mine,
                body: ByteBuffer(bytes: (["resourceType": "Parameters", "parameter": [["name": "eventsSinceNumber", "valueString": "2"]]] as JSON).serialized()))
            #expect(numbers(try posted.json()) == ["2"])

            for bad in ["?eventsSinceNumber=two", "?eventsSinceNumber=3&eventsUntilNumber=1", "?content=everything"] {
                let refused = try await client.execute(uri: "/Subscription/\(id)/$events\(bad)", method: .get, headers: mine)
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(try refused.operationOutcome().issues.count == 1)
            }
            let theirs = try await client.execute(
                uri: "/Subscription/\(id)/$events", method: .get, headers: setting.other)
            #expect(theirs.status == .notFound)
        }
    }

    @Test func theCapabilityStatementDeclaresTheOperationsAndTheSearchParameters() async throws {
        let server = try await Subscriptions.server()
        try await server.live { client in
            let statement = try await client.execute(uri: "/metadata", method: .get).json()
            let resource = statement["rest"]?[0]?["resource"]?.array?.first { $0["type"]?.string == "Subscription" }
            let operations = resource?["operation"]?.array ?? []
            #expect(operations.contains { $0["definition"]?.string == SubscriptionRoutes.statusOperation && $0["name"]?.string == "status" })
            #expect(operations.contains { $0["definition"]?.string == SubscriptionRoutes.eventsOperation && $0["name"]?.string == "events" })
            let parameters = (resource?["searchParam"]?.array ?? []).compactMap { $0["name"]?.string }
            #expect(Set(parameters).isSuperset(of: ["url", "status"]))
        }
    }
}
