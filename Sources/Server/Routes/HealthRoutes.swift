import CaseStore
import FHIR
import Foundation
import Hummingbird
import NIOCore
import Rules

/// `GET /health`: is this node able to serve? Load balancers and the README walk-through use it.
///
/// Answers 200 `pass` when the case store answers, 503 `fail` otherwise, in the shape of the
/// IETF health-check draft (`application/health+json`). `GET /health/live` only says the
/// process answers HTTP (a liveness probe: it touches nothing, so a slow disk cannot get the
/// node restarted).
struct HealthRoutes {
    let store: any CaseStore
    let rules: RuleEngine?
    let startedAt: Date
    let timeSource: any TimeSource

    func register(on routes: RouteBuilder) {
        routes.get("/health", access: .public) { _, _ in
            try await self.health()
        }
        routes.get("/health/live", access: .public) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/health+json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"pass"}"#)))
        }
    }

    func health() async throws -> Response {
        let uptime = max(0, timeSource.now().timeIntervalSince(startedAt))
        var body: JSON = [
            "version": .string(GreenlightVersion.current),
            "uptimeSeconds": .number(JSONNumber(Int(uptime))),
        ]
        let status: HTTPResponse.Status
        do {
            let counts = try await store.counts()
            body["status"] = "pass"
            var database: JSON = ["status": "pass"]
            for (table, count) in counts.sorted(by: { $0.key < $1.key }) {
                database[table] = .number(JSONNumber(count))
            }
            body["checks"] = ["database": database]
            status = .ok
        } catch {
            body["status"] = "fail"
            body["checks"] = ["database": ["status": "fail", "output": .string("\(error)")]]
            status = .serviceUnavailable
        }
        if let rules, case .object(var checks) = body["checks"] ?? .object(JSONObject()) {
            let policies = rules.policies
            checks["rules"] = [
                "status": "pass", "policies": .number(JSONNumber(policies.count)),
                "loadedAt": .string(rules.loadedAt.formatted(.iso8601)),
                "versions": .object(JSONObject(policies.map { ($0.id, JSON.string(String($0.version.prefix(12)))) })),
            ]
            body["checks"] = .object(checks)
        }
        return Response(
            status: status,
            headers: [.contentType: "application/health+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body.serialized(pretty: true)))
        )
    }
}
