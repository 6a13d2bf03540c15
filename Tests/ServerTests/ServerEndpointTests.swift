import FHIR
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import Testing

@Suite("Operational and FHIR endpoints")
struct ServerEndpointTests {
    @Test func healthReportsTheDatabase() async throws {
        let server = try await TestServer(seedDemo: true)
        try await server.live { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/health+json")
            let body = try response.json()
            #expect(body["status"]?.string == "pass")
            #expect(body["version"]?.string == GreenlightVersion.current)
            #expect(body["checks"]?["database"]?["status"]?.string == "pass")
            #expect((body["checks"]?["database"]?["member"]?.int ?? 0) >= 20)
        }
    }

    @Test func livenessTouchesNothing() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(uri: "/health/live", method: .get)
            #expect(response.status == .ok)
            #expect(try response.json() == ["status": "pass"])
        }
    }

    @Test func metadataIsACapabilityStatementOfWhatIsImplemented() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let response = try await client.execute(uri: "/metadata", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/fhir+json; charset=utf-8")
            let statement = try response.json()
            #expect(statement["resourceType"]?.string == "CapabilityStatement")
            #expect(statement["fhirVersion"]?.string == "4.0.1")
            #expect(statement["kind"]?.string == "instance")
            #expect(statement["status"]?.string == "active")
            #expect(statement["format"]?.array?.contains(.string("application/fhir+json")) == true)
            #expect(FHIRDateTime(statement["date"]?.string ?? "") != nil)
            let rest = try #require(statement["rest"]?[0])
            #expect(rest["mode"]?.string == "server")
            let resources = rest["resource"]?.array ?? []
            let claim = try #require(resources.first { $0["type"]?.string == "Claim" })
            let operations = claim["operation"]?.array ?? []
            #expect(operations.contains { $0["name"]?.string == "validate" })
            // Nothing is advertised that has no route: no PAS $submit yet.
            #expect(!operations.contains { $0["name"]?.string == "submit" })
            // The structure is itself valid FHIR JSON.
            #expect(StructureValidator().validate(statement, expectedType: "CapabilityStatement").isEmpty)
        }
    }

    @Test func prettyPrintingOnRequest() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let compact = try await client.execute(uri: "/metadata", method: .get)
            let pretty = try await client.execute(uri: "/metadata?_pretty=true", method: .get)
            #expect(String(buffer: pretty.body).contains("\n  \"resourceType\""))
            #expect(!String(buffer: compact.body).contains("\n"))
            #expect(try pretty.json() == compact.json())
        }
    }

    @Test func metricsCountRequestsByRoute() async throws {
        let server = try await TestServer()
        try await server.live { client in
            _ = try await client.execute(uri: "/metadata", method: .get)
            _ = try await client.execute(uri: "/no-such-route", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"greenlight_http_requests_total{method="GET",endpoint="/metadata",status="200"} 1"#))
            #expect(text.contains(#"status="404""#))
            #expect(text.contains("greenlight_http_request_duration_seconds_bucket"))
            // Later requests count on the same series (the middleware keeps each one it made).
            _ = try await client.execute(uri: "/metadata", method: .get)
            _ = try await client.execute(uri: "/metadata", method: .get)
            let later = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(later.contains(#"greenlight_http_requests_total{method="GET",endpoint="/metadata",status="200"} 3"#))
            #expect(later.contains(#"greenlight_http_request_duration_seconds_count{method="GET",endpoint="/metadata"} 3"#))
        }
    }

    @Test func validateReportsProblemsByFHIRPath() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let body = #"{"resourceType":"Patient","id":"bad id!","name":[],"birthDate":"2026-02-30","gender":null}"#
            let response = try await client.execute(
                uri: "/Patient/$validate", method: .post, headers: server.fhirHeaders, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let outcome = try response.operationOutcome()
            let expressions = Set(outcome.issues.filter { $0.severity == .error }.flatMap(\.expression))
            #expect(expressions == ["Patient.id", "Patient.name", "Patient.birthDate", "Patient.gender"])
        }
    }

    @Test func validateAcceptsTheOfficialPASRequest() async throws {
        let server = try await TestServer()
        let file = Paths.fixtures.appendingPathComponent(
            "ig-examples/pas/ig-2.2.1/Bundle-ReferralAuthorizationBundleExample.json")
        let bytes = try Data(contentsOf: file)
        try await server.live { client in
            let response = try await client.execute(
                uri: "/Bundle/$validate", method: .post, headers: server.fhirHeaders, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .ok)
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.map(\.severity) == [.information], "\(outcome.issues)")
        }
    }

    @Test func validateUnwrapsParameters() async throws {
        let server = try await TestServer()
        try await server.live { client in
            let body = #"""
                {"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Claim","id":"x","created":"yesterday"}}]}
                """#
            let response = try await client.execute(
                uri: "/Claim/$validate", method: .post, headers: server.fhirHeaders, body: ByteBuffer(string: body))
            let outcome = try response.operationOutcome()
            #expect(outcome.issues.first?.expression == ["Claim.created"])

            let mismatch = try await client.execute(
                uri: "/Claim/$validate", method: .post, headers: server.fhirHeaders,
                body: ByteBuffer(string: #"{"resourceType":"Patient","id":"p"}"#))
            #expect(try mismatch.operationOutcome().issues.first?.code == .invalid)
        }
    }
}
