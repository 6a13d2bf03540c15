import Auth
import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PAS
import Testing

@testable import Server

/// PAS subscriptions over real HTTP on loopback: a provider organization subscribes, its
/// endpoint (a Hummingbird server in the test) gets the handshake, then a history Bundle when a
/// reviewer decides its pended request — also across a restart, and after being down.
@Suite struct SubscriptionHTTPTests {
    /// The demo clinic's organization (its NPI): what its cases and its subscription are keyed by.
    static let clinicNPI = "1500000017"
    static let scopes = "system/Subscription.cruds"

    /// A server whose subscription worker polls and retries quickly.
    static func server() async throws -> TestServer {
        try await TestServer { configuration in
            configuration.subscriptionPollIntervalSeconds = 0.05
            configuration.subscriptionRetryBaseSeconds = 0.2
            configuration.subscriptionRetryMaxSeconds = 0.4
        }
    }

    /// The official example Subscription pointed at `endpoint`, filtering on `organization`.
    static func subscription(
        endpoint: String, organization: String = clinicNPI, type: String = "rest-hook", heartbeatSeconds: Int? = nil,
        id: String? = nil
    ) throws -> ByteBuffer {
        let url = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1/Subscription-PASSubscriptionExample.json")
        var json = try JSON.parse(data: Data(contentsOf: url))
        json["_criteria"] = [
            "extension": [
                [
                    "url": "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria",
                    "valueString": .string("org-identifier=\(organization)"),
                ]
            ]
        ]
        json["id"] = id.map(JSON.string)
        json["channel"]?["endpoint"] = .string(endpoint)
        json["channel"]?["type"] = .string(type)
        json["channel"]?["header"] = ["Authorization: Bearer subscriber-secret"]
        if let heartbeatSeconds {
            json["channel"]?["extension"] = [
                [
                    "url": "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period",
                    "valueUnsignedInt": .number(JSONNumber(heartbeatSeconds)),
                ]
            ]
        }
        return ByteBuffer(bytes: json.serialized())
    }

    static func headers(_ token: String) -> HTTPFields {
        var headers = fhirJSONHeaders
        headers[.authorization] = "Bearer \(token)"
        return headers
    }

    /// A pended case the clinic submitted (the official referral request).
    static func pendedCase(in store: SQLiteCaseStore) async throws -> String {
        let url = Paths.fixtures.appendingPathComponent("ig-examples/pas/ig-2.2.1/Bundle-ReferralAuthorizationBundleExample.json")
        let referral = try JSON.parse(data: Data(contentsOf: url))
        let sequence = try #require(referral["entry"]?[0]?["resource"]?["item"]?[0]?["sequence"]?.int)
        let opened = try await store.openCase(
            CaseIntake(
                submitter: "npi:\(clinicNPI)", requestIdentifier: RequestIdentifier(value: "A12345"), memberID: "M-1",
                urgency: .standard, authorizationNumber: "PA-1", requestJSON: referral.serializedString(),
                items: [CaseIntake.Item(sequence: sequence, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "99241"))]),
            decisions: [sequence: ItemDecision(.pended, note: "A reviewer decides.")], decidedBy: "rules")
        return opened.paCase.id
    }

    /// Creates the clinic's subscription and waits for it to pass its handshake; its id.
    static func subscribe(_ client: any TestClientProtocol, token: String, endpoint: String, subscriber: SubscriberEndpoint)
        async throws -> String
    {
        let created = try await client.execute(
            uri: "/Subscription", method: .post, headers: headers(token), body: subscription(endpoint: endpoint))
        #expect(created.status == .created)
        let body = try created.json()
        #expect(body["status"]?.string == "requested")
        let id = try #require(body.id)
        #expect(created.headers[.location] == "\(TestServer.baseURL)/Subscription/\(id)/_history/1")
        #expect(try await subscriber.wait { !$0.accepted("handshake").isEmpty })
        // The handshake is recorded right after the endpoint answers.
        for _ in 0..<100 {
            let read = try await client.execute(uri: "/Subscription/\(id)", method: .get, headers: headers(token))
            if try read.json()["status"]?.string == "active" { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the subscription never became active")
        return id
    }

    @Test func theSubscriberGetsTheHandshakeThenTheDecisionEvenAcrossARestart() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            let id = try await server.live { client in
                try await Self.subscribe(client, token: token, endpoint: endpoint, subscriber: subscriber)
            }
            let handshake = try #require(subscriber.posts.first)
            #expect(handshake.authorization == "Bearer subscriber-secret")
            #expect(handshake.contentType == "application/fhir+json")
            #expect(handshake.body["type"]?.string == "history")
            #expect(
                handshake.body["entry"]?[0]?["request"]?["url"]?.string == "\(TestServer.baseURL)/Subscription/\(id)/$status")

            // The server is down; a reviewer decides; the notification waits in the outbox.
            let caseID = try await Self.pendedCase(in: server.store)
            try await server.store.recordDecision(
                caseID: caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "reviewer-1",
                notify: server.dependencies.pasSubscriptionNotifier().builder)

            let delivered = try await server.live { _ in
                try await subscriber.wait { !$0.accepted("event-notification").isEmpty }
            }
            #expect(delivered)
            let notification = try #require(subscriber.accepted("event-notification").first)
            let status = notification["entry"]?[0]?["resource"]
            let event = status?["parameter"]?.array?.first { $0["name"]?.string == "notification-event" }
            #expect(event?["part"]?.array?.first { $0["name"]?.string == "event-number" }?["valueString"]?.string == "1")
            let response = notification["entry"]?[1]?["resource"]
            #expect(response?["entry"]?[0]?["resource"]?["resourceType"]?.string == "ClaimResponse")
            #expect(response?["entry"]?[0]?["resource"]?["id"]?.string == caseID)
            #expect(subscriber.posts.last?.authorization == "Bearer subscriber-secret")
            #expect(try await server.store.dueOutboxMessages(limit: 10).isEmpty)
        }
    }

    @Test func aSubscriberThatIsDownGetsTheNotificationWhenItComesBack() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            try await server.live { client in
                _ = try await Self.subscribe(client, token: token, endpoint: endpoint, subscriber: subscriber)
                subscriber.answer(.serviceUnavailable)
                let caseID = try await Self.pendedCase(in: server.store)
                try await server.store.recordDecision(
                    caseID: caseID, itemSequence: 1,
                    decision: ItemDecision(.notCertified, reasonCodes: ["AT"], note: "Not medically necessary."),
                    actor: "reviewer-1", notify: server.dependencies.pasSubscriptionNotifier().builder)
                #expect(try await subscriber.wait { $0.posts.filter { $0.answered == 503 }.count >= 2 })
                subscriber.answer(.ok)
                #expect(try await subscriber.wait { !$0.accepted("event-notification").isEmpty })
            }
        }
        let tries = subscriber.posts.filter { SubscriberEndpoint.notificationType($0.body) == "event-notification" }
        #expect(tries.count >= 3)
        // Every try carried the same event.
        #expect(Set(tries.map { $0.body["entry"]?[0]?["resource"]?.serializedString() ?? "" }).count == 1)
        #expect(try await server.store.dueOutboxMessages(limit: 10).isEmpty)
    }

    @Test func anotherOrganizationCannotSeeChangeOrDeleteTheSubscription() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let otherToken = try await Self.otherClinicToken(server)
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            try await server.live { client in
                let id = try await Self.subscribe(client, token: token, endpoint: endpoint, subscriber: subscriber)
                let other = Self.headers(otherToken)
                let read = try await client.execute(uri: "/Subscription/\(id)", method: .get, headers: other)
                let update = try await client.execute(
                    uri: "/Subscription/\(id)", method: .put, headers: other,
                    body: Self.subscription(endpoint: endpoint, organization: "1999999992"))
                let delete = try await client.execute(uri: "/Subscription/\(id)", method: .delete, headers: other)
                let search = try await client.execute(uri: "/Subscription", method: .get, headers: other)
                // Nor may it subscribe to the clinic's results.
                let poach = try await client.execute(
                    uri: "/Subscription", method: .post, headers: other, body: Self.subscription(endpoint: endpoint))
                #expect(read.status == .notFound)
                #expect(update.status == .notFound)
                #expect(delete.status == .notFound)
                #expect(try read.operationOutcome().issues.first?.code == .notFound)
                #expect(search.status == .ok)
                #expect(try search.json()["total"]?.int == 0)
                #expect(poach.status == .forbidden)
                #expect(try poach.operationOutcome().issues.first?.expression.first?.hasPrefix("Subscription.criteria") == true)

                // The owner still has it, and may delete it.
                let mine = try await client.execute(uri: "/Subscription", method: .get, headers: Self.headers(token))
                #expect(try mine.json()["entry"]?[0]?["resource"]?["id"]?.string == id)
                let deleted = try await client.execute(uri: "/Subscription/\(id)", method: .delete, headers: Self.headers(token))
                #expect(deleted.status == .ok)
                let gone = try await client.execute(uri: "/Subscription/\(id)", method: .get, headers: Self.headers(token))
                #expect(gone.status == .notFound)
            }
        }
    }

    @Test func badRequestsAreRefusedWithOneOperationOutcome() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let claimOnly = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            try await server.live { client in
                let websocket = try await client.execute(
                    uri: "/Subscription", method: .post, headers: Self.headers(token),
                    body: Self.subscription(endpoint: endpoint, type: "websocket"))
                #expect(websocket.status == .unprocessableContent)
                let outcome = try websocket.operationOutcome()
                #expect(outcome.issues.count == 1)
                #expect(outcome.issues.first?.expression == ["Subscription.channel.type"])

                let anonymous = try await client.execute(
                    uri: "/Subscription", method: .post, headers: fhirJSONHeaders, body: Self.subscription(endpoint: endpoint))
                #expect(anonymous.status == .unauthorized)
                let noScope = try await client.execute(
                    uri: "/Subscription", method: .post, headers: Self.headers(claimOnly), body: Self.subscription(endpoint: endpoint))
                #expect(noScope.status == .forbidden)

                // One subscription per organization.
                _ = try await Self.subscribe(client, token: token, endpoint: endpoint, subscriber: subscriber)
                let second = try await client.execute(
                    uri: "/Subscription", method: .post, headers: Self.headers(token), body: Self.subscription(endpoint: endpoint))
                #expect(second.status == .conflict)
                #expect(try second.operationOutcome().issues.first?.code == .duplicate)
            }
        }
        #expect(subscriber.accepted("handshake").count == 1)
    }

    @Test func aFailedHandshakeIsAnErrorUntilTheOwnerReactivates() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let subscriber = SubscriberEndpoint()
        subscriber.answer(.internalServerError)
        try await subscriber.serving { endpoint in
            try await server.live { client in
                let created = try await client.execute(
                    uri: "/Subscription", method: .post, headers: Self.headers(token), body: Self.subscription(endpoint: endpoint))
                let id = try #require(try created.json().id)
                var status = "requested"
                for _ in 0..<100 where status == "requested" {
                    try await Task.sleep(for: .milliseconds(20))
                    status = try await client.execute(uri: "/Subscription/\(id)", method: .get, headers: Self.headers(token))
                        .json()["status"]?.string ?? ""
                }
                #expect(status == "error")
                // $status says why.
                let reported = try await client.execute(uri: "/Subscription/\(id)/$status", method: .get, headers: Self.headers(token))
                let parameters = try reported.json()["entry"]?[0]?["resource"]?["parameter"]?.array ?? []
                #expect(parameters.first { $0["name"]?.string == "status" }?["valueCode"]?.string == "error")
                #expect(parameters.first { $0["name"]?.string == "error" }?["valueCodeableConcept"]?["text"]?.string?.contains("500") == true)

                subscriber.answer(.ok)
                let reactivated = try await client.execute(
                    uri: "/Subscription/\(id)", method: .put, headers: Self.headers(token),
                    body: Self.subscription(endpoint: endpoint, id: id))
                #expect(reactivated.status == .ok)
                #expect(try reactivated.json()["status"]?.string == "requested")
                #expect(try await subscriber.wait { !$0.accepted("handshake").isEmpty })

                // Without the URL's id in the body, an update is a 400.
                let anonymous = try await client.execute(
                    uri: "/Subscription/\(id)", method: .put, headers: Self.headers(token), body: Self.subscription(endpoint: endpoint))
                #expect(anonymous.status == .badRequest)
                #expect(try anonymous.operationOutcome().issues.first?.expression == ["Subscription.id"])
            }
        }
    }

    @Test func anIdleActiveSubscriptionGetsHeartbeats() async throws {
        let server = try await Self.server()
        let token = try await server.accessToken(client: "demo-clinic", scope: Self.scopes)
        let subscriber = SubscriberEndpoint()
        try await subscriber.serving { endpoint in
            try await server.live { client in
                let created = try await client.execute(
                    uri: "/Subscription", method: .post, headers: Self.headers(token),
                    body: Self.subscription(endpoint: endpoint, heartbeatSeconds: 1))
                #expect(created.status == .created)
                #expect(try await subscriber.wait { !$0.accepted("heartbeat").isEmpty })
            }
        }
        let heartbeat = try #require(subscriber.accepted("heartbeat").first)
        let status = heartbeat["entry"]?[0]?["resource"]?["parameter"]?.array?.first { $0["name"]?.string == "status" }
        #expect(status?["valueCode"]?.string == "active")
        #expect(SubscriberEndpoint.notificationType(try #require(subscriber.posts.first).body) == "handshake")
    }

    /// `/Subscription/{id}` does not hide `$validate` for Subscription.
    @Test func aSubscriptionCanStillBeValidated() async throws {
        let server = try await Self.server()
        let headers = server.fhirHeaders
        let response = try await server.live { client in
            try await client.execute(
                uri: "/Subscription/$validate", method: .post, headers: headers,
                body: Self.subscription(endpoint: "https://clinic.example/hook"))
        }
        #expect(response.status == .ok)
        #expect(try response.operationOutcome().hasErrors == false)
    }

    @Test func metadataDeclaresSubscription() async throws {
        let server = try await Self.server()
        let statement = try await server.live { client in
            try await client.execute(uri: "/metadata", method: .get).json()
        }
        let resources = statement["rest"]?[0]?["resource"]?.array ?? []
        let subscription = try #require(resources.first { $0["type"]?.string == "Subscription" })
        let interactions = Set((subscription["interaction"]?.array ?? []).compactMap { $0["code"]?.string })
        #expect(interactions.isSuperset(of: ["create", "read", "update", "delete"]))
        #expect(subscription["supportedProfile"]?[0]?.string == PASSubscriptionTopic.subscriptionProfile)
    }

    /// A token for another provider organization (NPI 1999999992), registered with the demo
    /// clinic's public key.
    static func otherClinicToken(_ server: TestServer) async throws -> String {
        let keys = Paths.fixtures.appendingPathComponent("keys")
        try await server.store.upsertClient(
            RegisteredClient(
                id: "other-clinic", name: "Another clinic", kind: .provider,
                organizationIdentifiers: [OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: "1999999992")],
                jwks: try String(contentsOf: keys.appendingPathComponent("demo-clinic.jwks.json"), encoding: .utf8),
                allowedScopes: [scopes], createdAt: Date()))
        let demo = try await TestServer.signer("demo-clinic")
        let pem = try String(contentsOf: keys.appendingPathComponent("demo-clinic.private.pem"), encoding: .utf8)
        let signer = try await ClientJWTSigner(clientID: "other-clinic", kid: demo.kid, privateKeyPEM: pem)
        let assertion = try await signer.clientAssertion(tokenURL: "\(TestServer.baseURL)/token", now: server.time.now())
        let result = await server.dependencies.security.tokenService.exchange(
            formBody: TestServer.tokenForm(assertion: assertion, scope: scopes), remoteAddress: "test")
        return try result.get().accessToken
    }
}
