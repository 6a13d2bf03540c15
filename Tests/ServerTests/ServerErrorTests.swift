import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import Testing

/// Every failure answers with one OperationOutcome, over real HTTP on loopback.
@Suite("Errors are OperationOutcomes")
struct ServerErrorTests {
    @Test func unknownRouteIs404() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(uri: "/no/such/thing", method: .get)
            #expect(response.status == .notFound)
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.first?.code == .notFound)
            #expect(outcome.issues.first?.severity == .error)
            #expect(outcome.issues.first?.diagnostics?.contains("/no/such/thing") == true)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(uri: "/metadata", method: .delete)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.first?.code == .notSupported)

            let post = try await client.execute(
                uri: "/health", method: .post, headers: server.fhirHeaders, body: ByteBuffer(json: "{}"))
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET")

            let get = try await client.execute(uri: "/Claim/$validate", method: .get)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
        }
    }

    @Test func unsupportedMediaTypeIs415() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(
                uri: "/Claim/$validate", method: .post, headers: [.contentType: "application/xml"],
                body: ByteBuffer(string: "<Claim/>"))
            #expect(response.status == .unsupportedMediaType)
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.first?.code == .notSupported)
            #expect(outcome.issues.first?.diagnostics?.contains("application/xml") == true)

            let missing = try await client.execute(
                uri: "/Claim/$validate", method: .post, body: ByteBuffer(string: "{}"))
            #expect(missing.status == .unsupportedMediaType)
            _ = try missing.operationOutcome()
        }
    }

    @Test func xmlOnlyAcceptIs406() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(
                uri: "/metadata", method: .get, headers: [.accept: "application/fhir+xml"])
            #expect(response.status == .notAcceptable)
            _ = try response.operationOutcome()

            let format = try await client.execute(uri: "/metadata?_format=xml", method: .get)
            #expect(format.status == .notAcceptable)
            #expect(try format.operationOutcome().issues.first?.expression == ["_format"])
        }
    }

    @Test func malformedJSONIs400NamingLineAndColumn() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(
                uri: "/Patient/$validate", method: .post, headers: server.fhirHeaders,
                body: ByteBuffer(string: "{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p1\",,\n}"))
            #expect(response.status == .badRequest)
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.count == 1)
            #expect(outcome.issues.first?.code == .structure)
            let diagnostics = outcome.issues.first?.diagnostics ?? ""
            #expect(diagnostics.contains("line 3"), "diagnostics: \(diagnostics)")
        }
    }

    @Test func emptyBodyIs400() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(
                uri: "/Patient/$validate", method: .post, headers: server.fhirHeaders, body: ByteBuffer())
            #expect(response.status == .badRequest)
            _ = try response.operationOutcome()
        }
    }

    @Test func unknownResourceTypeIs404() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(
                uri: "/Pateint/$validate", method: .post, headers: server.fhirHeaders,
                body: ByteBuffer(string: #"{"resourceType":"Patient"}"#))
            #expect(response.status == .notFound)
            #expect(try response.operationOutcome().issues.first?.diagnostics?.contains("Pateint") == true)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let big = "{\"resourceType\":\"Patient\",\"text\":\"" + String(repeating: "x", count: 17 * 1024 * 1024) + "\"}"
            let response = try await client.execute(
                uri: "/Patient/$validate", method: .post, headers: server.fhirHeaders, body: ByteBuffer(string: big))
            #expect(response.status == .contentTooLarge)
            #expect(try response.operationOutcome().issues.first?.code == .tooLong)
        }
    }
}
