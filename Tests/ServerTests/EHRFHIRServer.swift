import FHIR
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An EHR's FHIR server on a loopback port, for the CRD service to fetch missing prefetch
/// from: serves reads (`Type/id`) and searches (`Type?…`, answered with the resources
/// registered for that exact query) from memory, and remembers what it was asked and with
/// which bearer token.
final class EHRFHIRServer: Sendable {
    struct Seen: Sendable, Hashable {
        var path: String
        var authorization: String?
    }

    private let reads: [String: JSON]
    private let searches: [String: [JSON]]
    private let requests = Mutex<[Seen]>([])

    /// - Parameters:
    ///   - resources: served at `Type/id`.
    ///   - searches: query (`Coverage?patient=123&status=active`) → the resources it finds.
    init(resources: [JSON], searches: [String: [JSON]] = [:]) {
        var reads: [String: JSON] = [:]
        for resource in resources {
            if let type = resource["resourceType"]?.string, let id = resource["id"]?.string { reads["\(type)/\(id)"] = resource }
        }
        self.reads = reads
        self.searches = searches
    }

    var seen: [Seen] { requests.withLock { $0 } }

    /// Runs the server while `body` runs, giving it the base URL (`http://127.0.0.1:port/fhir`).
    func serving<Value: Sendable>(_ body: (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get("/fhir/**") { request, _ -> Response in
            self.answer(request)
        }
        return try await LoopbackServer.serving(router, label: "ehr-fhir") { port in
            try await body("http://127.0.0.1:\(port)/fhir")
        }
    }

    private func answer(_ request: Request) -> Response {
        let path = String(request.uri.path.dropFirst("/fhir/".count))
        let query = request.uri.query.map { "?\($0)" } ?? ""
        requests.withLock { $0.append(Seen(path: path + query, authorization: request.headers[.authorization])) }
        let body: JSON
        let status: HTTPResponse.Status
        if query.isEmpty, let resource = reads[path] {
            (body, status) = (resource, .ok)
        } else if !query.isEmpty, let found = searches[path + (query.removingPercentEncoding ?? query)] ?? searches[path + query] {
            let entries = found.map { resource -> JSON in
                ["fullUrl": .string("http://ehr.example/fhir/\(resource["resourceType"]?.string ?? "")/\(resource["id"]?.string ?? "")"), "resource": resource]
            }
            (body, status) = (["resourceType": "Bundle", "type": "searchset", "total": .number(JSONNumber(found.count)), "entry": .array(entries)], .ok)
        } else if !query.isEmpty {
            (body, status) = (["resourceType": "Bundle", "type": "searchset", "total": 0], .ok)
        } else {
            (body, status) = (OperationOutcome.error(.notFound, "no \(path) here").json, .notFound)
        }
        return Response(
            status: status, headers: [.contentType: "application/fhir+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body.serialized())))
    }
}
