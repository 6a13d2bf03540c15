import CaseStore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Auth
import Testing

@testable import Server

/// SMART Backend Services end to end over real HTTP: discovery, `POST /token` with a signed
/// assertion, and protected routes answering 401, 403 or 200.
@Suite("Authentication over HTTP")
struct SecurityFlowTests {
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// The server's routes plus one that needs `system/Claim.c`, as PAS `$submit` will.
    static func application(_ server: TestServer) -> some ApplicationProtocol {
        let router = GreenlightServer.makeRouter(server.dependencies) { routes in
            routes.post("/Claim/$test-submit", access: .scope(ScopeRequirement("Claim", .c))) { _, context in
                FHIRPayload(.object(["client": .string(context.caller?.clientID ?? "none")]))
            }
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func requestToken(_ client: any TestClientProtocol, assertion: String, scope: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/token", method: .post, headers: formHeaders,
            body: ByteBuffer(string: TestServer.tokenForm(assertion: assertion, scope: scope)))
    }

    @Test func theClientCredentialsFlowOverHTTP() async throws {
        let server = try await TestServer()
        let signer = try await TestServer.signer("demo-clinic")
        try await Self.application(server).test(.live) { client in
            let discovery = try await client.execute(uri: "/.well-known/smart-configuration", method: .get).json()
            let tokenURL = try #require(discovery["token_endpoint"]?.string)
            #expect(tokenURL == "\(TestServer.baseURL)/token")
            #expect(discovery["grant_types_supported"]?.array == ["client_credentials"])
            #expect(discovery["token_endpoint_auth_methods_supported"]?.array == ["private_key_jwt"])

            let assertion = try await signer.clientAssertion(tokenURL: tokenURL)
            // Asks for more than the clinic may have: the grant is narrowed, not refused.
            let response = try await Self.requestToken(
                client, assertion: assertion, scope: "system/Claim.c system/ClaimResponse.rs system/Patient.rs")
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let body = try response.json()
            #expect(body["token_type"]?.string == "bearer")
            #expect(body["expires_in"]?.int == 300)
            #expect(body["scope"]?.string == "system/Claim.c system/ClaimResponse.rs")
            let token = try #require(body["access_token"]?.string)

            let submit = try await client.execute(
                uri: "/Claim/$test-submit", method: .post,
                headers: [.contentType: "application/fhir+json", .authorization: "Bearer \(token)"],
                body: ByteBuffer(string: "{}"))
            #expect(submit.status == .ok)
            #expect(try submit.json()["client"]?.string == "demo-clinic")

            // The same assertion again is a replay.
            let replay = try await Self.requestToken(client, assertion: assertion, scope: "system/Claim.c")
            #expect(replay.status == .unauthorized)
            #expect(try replay.json()["error"]?.string == "invalid_client")
            #expect(try replay.json()["error_description"]?.string?.contains("jti") == true)
        }
    }

    @Test func protectedRoutesAnswer401Then403Then200() async throws {
        let server = try await TestServer()
        let reviewerToken = try await server.accessToken(client: "demo-reviewer", scope: "system/Claim.rs")
        let clinicToken = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        try await Self.application(server).test(.live) { client in
            func submit(_ authorization: String?) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/fhir+json"]
                if let authorization { headers[.authorization] = authorization }
                return try await client.execute(
                    uri: "/Claim/$test-submit", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            }
            let none = try await submit(nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=") == true)
            #expect(none.headers[.wwwAuthenticate]?.contains(#"scope="system/Claim.c""#) == true)
            #expect(try none.operationOutcome().issues.first?.code == .login)

            let garbage = try await submit("Bearer not.a.token")
            #expect(garbage.status == .unauthorized)
            #expect(garbage.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)

            let wrongScope = try await submit("Bearer \(reviewerToken)")
            #expect(wrongScope.status == .forbidden)
            #expect(wrongScope.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) == true)
            let outcome = try wrongScope.operationOutcome()
            #expect(outcome.issues.first?.code == .forbidden)
            #expect(outcome.issues.first?.diagnostics?.contains("system/Claim.c") == true)

            #expect(try await submit("Bearer \(clinicToken)").status == .ok)
            // Public routes need nothing.
            #expect(try await client.execute(uri: "/metadata", method: .get).status == .ok)
        }
    }

    @Test func tokensExpireAndRemovedClientsLoseThemAtOnce() async throws {
        let time = ManualTimeSource(Date())
        let server = try await TestServer(timeSource: time)
        let token = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        let removedToken = try await server.accessToken(client: "demo-kindcover", scope: "system/Patient.rs")
        try await Self.application(server).test(.live) { client in
            func status(_ token: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/Patient/$validate", method: .post,
                    headers: [.contentType: "application/fhir+json", .authorization: "Bearer \(token)"],
                    body: ByteBuffer(string: #"{"resourceType":"Patient"}"#)
                ).status
            }
            #expect(try await status(removedToken) == .ok)
            try await server.store.removeClient(id: "demo-kindcover")
            #expect(try await status(removedToken) == .unauthorized)

            #expect(try await status(token) == .ok)
            time.advance(by: 301 + 30)
            #expect(try await status(token) == .unauthorized)
        }
    }

    @Test func tokenEndpointRefusalsFollowRFC6749() async throws {
        let server = try await TestServer()
        let signer = try await TestServer.signer("demo-clinic")
        let impostor = try await ClientJWTSigner(
            clientID: "demo-clinic", kid: signer.kid,
            privateKeyPEM: String(
                contentsOf: Paths.fixtures.appendingPathComponent("keys/demo-reviewer.private.pem"), encoding: .utf8))
        try await Self.application(server).test(.live) { client in
            func token(_ body: String, headers: HTTPFields = Self.formHeaders) async throws -> (HTTPResponse.Status, String?) {
                let response = try await client.execute(
                    uri: "/token", method: .post, headers: headers, body: ByteBuffer(string: body))
                return (response.status, try response.json()["error"]?.string)
            }
            let tokenURL = "\(TestServer.baseURL)/token"
            let good = { try await signer.clientAssertion(tokenURL: tokenURL) }

            #expect(try await token("grant_type=password&username=a") == (.badRequest, "unsupported_grant_type"))
            #expect(try await token("grant_type=client_credentials") == (.badRequest, "invalid_request"))
            #expect(
                try await token(
                    TestServer.tokenForm(assertion: try await good(), scope: "system/Claim.c"),
                    headers: [.contentType: "application/json"]) == (.badRequest, "invalid_request"))
            #expect(
                try await token(TestServer.tokenForm(assertion: try await good(), scope: "system/Patient.rs"))
                    == (.badRequest, "invalid_scope"))
            #expect(
                try await token(TestServer.tokenForm(assertion: try await good(), scope: "not a scope"))
                    == (.badRequest, "invalid_scope"))
            let forged = try await impostor.clientAssertion(tokenURL: tokenURL)
            #expect(try await token(TestServer.tokenForm(assertion: forged, scope: "system/Claim.c")) == (.unauthorized, "invalid_client"))
            let misaddressed = try await signer.clientAssertion(tokenURL: "https://elsewhere.example/token")
            #expect(
                try await token(TestServer.tokenForm(assertion: misaddressed, scope: "system/Claim.c"))
                    == (.unauthorized, "invalid_client"))

            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"greenlight_token_requests_total{outcome="invalid_client"} 2"#), "\(metrics)")
            #expect(metrics.contains(#"greenlight_token_requests_total{outcome="invalid_scope"} 2"#))
        }
    }

    @Test func repeatedFailuresFromOneAddressAreThrottled() async throws {
        let server = try await TestServer { $0.failedAuthenticationsBeforeLockout = 3 }
        try await Self.application(server).test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                let response = try await client.execute(
                    uri: "/Patient/$validate", method: .post,
                    headers: [.contentType: "application/fhir+json", .authorization: "Bearer forged"],
                    body: ByteBuffer(string: #"{"resourceType":"Patient"}"#))
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                }
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == .unauthorized })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
        }
    }

    @Test func rotatedKeysKeepOldTokensValidAndAreBothPublished() async throws {
        let server = try await TestServer()
        let before = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        let oldKid = try await server.dependencies.security.keyRing.currentKeyID()
        let newKid = try await server.dependencies.security.keyRing.rotate()
        let after = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        try await Self.application(server).test(.live) { client in
            let jwks = try await client.execute(uri: "/.well-known/jwks.json", method: .get).json()
            let kids = Set((jwks["keys"]?.array ?? []).compactMap { $0["kid"]?.string })
            #expect(kids == [oldKid, newKid])
            #expect((jwks["keys"]?.array ?? []).allSatisfy { $0["d"] == nil })
            for token in [before, after] {
                let response = try await client.execute(
                    uri: "/Claim/$test-submit", method: .post,
                    headers: [.contentType: "application/fhir+json", .authorization: "Bearer \(token)"],
                    body: ByteBuffer(string: "{}"))
                #expect(response.status == .ok)
            }
        }
    }

    @Test func developmentModeIsExplicitAndLetsRequestsThrough() async throws {
        let server = try await TestServer { $0.authentication = .disabled }
        try await Self.application(server).test(.live) { client in
            let response = try await client.execute(
                uri: "/Claim/$test-submit", method: .post, headers: [.contentType: "application/fhir+json"],
                body: ByteBuffer(string: "{}"))
            #expect(response.status == .ok)
            #expect(try response.json()["client"]?.string == "development-mode")
        }
    }

    /// A host program's extra route is one of the server's: its access is checked (401 without
    /// a token, as an OperationOutcome) and its methods are known (405, not 404, for another).
    @Test func extraRoutesGetTheServersAccessControlAndErrors() async throws {
        let server = try await TestServer()
        try await Self.application(server).test(.live) { client in
            let anonymous = try await client.execute(
                uri: "/Claim/$test-submit", method: .post, headers: [.contentType: "application/fhir+json"],
                body: ByteBuffer(string: "{}"))
            #expect(anonymous.status == .unauthorized)
            #expect(try anonymous.json()["resourceType"]?.string == "OperationOutcome")
            let wrongMethod = try await client.execute(uri: "/Claim/$test-submit", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
        }
    }

    @Test func theCapabilityStatementAdvertisesSMART() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let statement = try await client.execute(uri: "/metadata", method: .get).json()
            let security = try #require(statement["rest"]?[0]?["security"])
            #expect(security["service"]?[0]?["coding"]?[0]?["code"]?.string == "SMART-on-FHIR")
            let uris = security["extension"]?[0]?["extension"]?.array ?? []
            #expect(uris.contains { $0["valueUri"]?.string == "\(TestServer.baseURL)/token" })
        }
    }
}
