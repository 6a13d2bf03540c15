import FHIR
import Foundation
import Testing
@testable import CRD

@Suite struct HTTPFHIRResourceFetcherTests {
    static func page(_ ids: [String], next: String?) -> LoopbackFHIRServer.Route {
        var bundle = IntakeFixtures.searchset(ids.map { ["resourceType": "Coverage", "id": .string($0)] })
        if let next { bundle["link"] = [["relation": "next", "url": .string(next)]] }
        return .init(bundle)
    }

    func withServer(
        _ routes: [String: LoopbackFHIRServer.Route], configuration: HTTPFHIRResourceFetcher.Configuration = .init(),
        _ body: (LoopbackFHIRServer, HTTPFHIRResourceFetcher) async throws -> Void
    ) async throws {
        let server = try await LoopbackFHIRServer.start(routes: routes)
        do {
            try await HTTPFHIRResourceFetcher.withFetcher(configuration: configuration) { try await body(server, $0) }
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func followsNextLinksAndJoinsThePages() async throws {
        let routes = [
            "Coverage?patient=1": Self.page(["a", "b"], next: "{{base}}/Coverage?patient=1&page=2"),
            "Coverage?patient=1&page=2": Self.page(["c"], next: "{{base}}/Coverage?patient=1&page=3"),
            "Coverage?patient=1&page=3": Self.page(["d"], next: nil),
        ]
        try await withServer(routes) { server, fetcher in
            let bundle = try await fetcher.fetch("Coverage?patient=1", base: try #require(URL(string: server.base)), bearerToken: "t0k")
            #expect(try FHIRBundle(json: bundle).resources.compactMap(\.id) == ["a", "b", "c", "d"])
            #expect(server.requests.allSatisfy { $0.authorization == "Bearer t0k" && $0.accept == "application/fhir+json" })
        }
    }

    @Test func readsAtMostTheConfiguredPages() async throws {
        let routes = [
            "Coverage?patient=1": Self.page(["a"], next: "{{base}}/Coverage?patient=1&page=2"),
            "Coverage?patient=1&page=2": Self.page(["b"], next: "{{base}}/Coverage?patient=1&page=3"),
        ]
        try await withServer(routes, configuration: .init(maximumPages: 2)) { server, fetcher in
            let bundle = try await fetcher.fetch("/Coverage?patient=1", base: try #require(URL(string: server.base + "/")), bearerToken: nil)
            #expect(try FHIRBundle(json: bundle).resources.compactMap(\.id) == ["a", "b"])
            #expect(server.targets == ["Coverage?patient=1", "Coverage?patient=1&page=2"])
            #expect(server.requests.allSatisfy { $0.authorization == nil })
        }
    }

    /// The EHR's token goes to its own server only, never where a link points elsewhere.
    @Test func doesNotFollowLinksToAnotherOrigin() async throws {
        let routes = ["Coverage?patient=1": Self.page(["a"], next: "http://elsewhere.example/fhir/Coverage?page=2")]
        try await withServer(routes) { server, fetcher in
            let bundle = try await fetcher.fetch("Coverage?patient=1", base: try #require(URL(string: server.base)), bearerToken: "t0k")
            #expect(try FHIRBundle(json: bundle).resources.compactMap(\.id) == ["a"])
        }
    }

    @Test func failuresSayWhatHappened() async throws {
        let routes: [String: LoopbackFHIRServer.Route] = [
            "Patient/gone": .init(OperationOutcome.error(.deleted, "Patient gone was deleted").json, status: .gone),
            "Patient/text": .init(body: "hello", contentType: "text/plain"),
            "Patient/array": .init(body: "[1]"),
        ]
        try await withServer(routes) { server, fetcher in
            let base = try #require(URL(string: server.base))
            for (query, message) in [
                ("Patient/gone", "answered HTTP 410: Patient gone was deleted"), ("Patient/text", "answered text/plain, not FHIR JSON"),
                ("Patient/array", "did not answer with a FHIR resource"), ("Patient/missing", "answered HTTP 404: Resource not found"),
            ] {
                let error = await #expect(throws: FHIRFetchError.self) { try await fetcher.fetch(query, base: base, bearerToken: nil) }
                #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
                #expect(error?.message.contains("GET \(server.base)/\(query)") == true)
            }
        }
    }
}
