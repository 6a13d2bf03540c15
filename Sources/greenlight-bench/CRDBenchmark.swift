import Allocator
import ArgumentParser
import AsyncHTTPClient
import Auth
import CRD
import CaseStore
import FHIR
import Foundation
import Logging
import NIOCore
import Rules
import Server

/// CRD order-sign end to end over HTTP on loopback: a real server (demo plan in a temporary
/// SQLite file, the shipped Rules) answers a signed order-sign with full prefetch and two
/// orders; the baseline is the same server's `/health/live`, measured in the same run.
///
/// Figures: the open loop at `--rate` (the target: p99 under 20 ms at 500 requests/s) and the
/// closed loop at `--concurrency` for both endpoints (target: order-sign throughput at least
/// 30% of the trivial endpoint's), with the floor beside them (``HookFloorRoute``: what every
/// call must cost before the service does anything). Every hook request carries its own JWT (unique `jti`) and
/// `hookInstance`, signed before the clock starts, so the load generator's signing is not
/// what is measured.
struct CRDBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crd",
        abstract: "CRD order-sign over HTTP vs a trivial endpoint of the same server: throughput and p50/p90/p99."
    )

    @Option(help: "Requests per measurement.")
    var requests: Int = 4000

    @Option(help: "Clients in the closed loop.")
    var concurrency: Int = 16

    @Option(help: "Requests per second in the open loop.")
    var rate: Double = 500

    @Option(help: "The hook request to send (full prefetch).")
    var request: String = "Fixtures/demo/hooks/order-sign-two-orders.json"

    @Option(help: "The repository's Fixtures folder (demo plan and keys).")
    var fixtures: String = "Fixtures"

    @Option(help: "The rules directory.")
    var rules: String = "Rules"

    @OptionGroup var durability: DurabilityOption

    @Option(help: "How the bench EHR signs its JWTs: RS384 (the demo EHR's RSA key) or ES384 (the demo clinic's P-384 key). CDS Hooks services must accept both; verifying ES384 costs the server about 0.5 ms of CPU per call, RS384 a tenth of that.")
    var algorithm: String = "RS384"

    @OptionGroup var phase: PhaseOption

    func validate() throws {
        guard requests > 0, concurrency > 0, rate > 0 else {
            throw ValidationError("--requests, --concurrency and --rate must be positive")
        }
        guard Self.keyFiles[algorithm] != nil else { throw ValidationError("--algorithm must be RS384 or ES384") }
    }

    func run() async throws {
        let template = try JSON.parse(data: Data(contentsOf: URL(fileURLWithPath: request)))
        let server = try await BenchServer.start(
            fixtures: fixtures, rules: rules, durability: durability.durability, label: "bench.crd"
        ) { dependencies in
            let floor = try await HookFloorRoute.make(dependencies, body: Self.hookBody(template))
            return { routes in floor.register(on: routes) }
        }
        defer { server.stop() }
        let signer = try await Self.registerBenchEHR(server, keyName: Self.keyFiles[algorithm]!)
        let dependencies = server.dependencies

        let base = server.baseURL
        let hookURL = "\(base)/cds-services/greenlight-order-sign"
        let floorURL = "\(base)\(HookFloorRoute.path)"
        if phase.only == .inProcess { return try await serviceAlone(dependencies, template: template) }
        let total = phase.only == .closedLoop ? requests + 200 : requests * 3 + 200  // warm-up, closed loop, open loop, in-process
        let floorTotal = phase.only == .closedLoop ? 0 : requests + 200
        print("CRD: order-sign with \(template["context"]?["draftOrders"]?["entry"]?.array?.count ?? 0) orders, "
            + "full prefetch, \(requests) requests per measurement, server on \(base), \(durability.durability.label), \(MemoryAllocator.summary)")
        print("signing \(total + floorTotal) CDS Hooks JWTs (\(signer.algorithm)) before measuring…")
        var bodies: [[UInt8]] = []
        var tokens: [String] = []
        var floorTokens: [String] = []
        bodies.reserveCapacity(total)
        tokens.reserveCapacity(total)
        for _ in 0..<total {
            bodies.append(Self.hookBody(template))
            tokens.append(try await signer.cdsHooksJWT(audience: hookURL, lifetime: 600))
        }
        // The floor's own JWTs: `aud` is the URL called.
        for _ in 0..<floorTotal {
            floorTokens.append(try await signer.cdsHooksJWT(audience: floorURL, lifetime: 600))
        }
        print("signed; measuring…")
        let hookBodies = bodies, hookTokens = tokens, floorJWTs = floorTokens
        let hook = HTTPLoad(client: HTTPClient.shared) { n in
            var call = HTTPClientRequest(url: hookURL)
            call.method = .POST
            call.headers.add(name: "Content-Type", value: "application/json")
            call.headers.add(name: "Authorization", value: "Bearer \(hookTokens[n])")
            call.body = .bytes(ByteBuffer(bytes: hookBodies[n]))
            return call
        }
        let live = HTTPLoad(client: HTTPClient.shared) { _ in HTTPClientRequest(url: "\(base)/health/live") }
        // The closed loops through the light load generator (SocketLoad): it leaves the two
        // cores to the server. The open loops keep AsyncHTTPClient, which sends on schedule
        // however many requests are waiting.
        let hookOnSocket = SocketLoad(port: server.configuration.port) { n in
            SocketLoad.Request(
                method: "POST", path: "/cds-services/greenlight-order-sign",
                headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(hookTokens[n])")], body: hookBodies[n])
        }
        let liveOnSocket = SocketLoad(port: server.configuration.port) { _ in SocketLoad.Request(path: "/health/live") }
        let floorOnSocket = SocketLoad(port: server.configuration.port) { n in
            SocketLoad.Request(
                method: "POST", path: HookFloorRoute.path,
                headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(floorJWTs[n])")], body: hookBodies[n])
        }

        // Warm up both paths (connections, rule states, SQLite pages).
        // (Each token once: the warm-up spends the first 200.)
        _ = await hookOnSocket.closedLoop(total: 200, concurrency: concurrency)
        _ = await liveOnSocket.closedLoop(total: 200, concurrency: concurrency)
        _ = await live.closedLoop(total: 200, concurrency: concurrency)

        if phase.only == .closedLoop {
            print(await hookOnSocket.closedLoop(total: requests, concurrency: concurrency, firstRequest: 200)
                .report("order-sign, \(concurrency) clients"))
            return
        }

        // The service alone (no HTTP, no JWT): what the server's own work costs per call.
        guard let service = dependencies.cdsHooksService() else { throw CleanExit.message("no CRD service") }
        let spare = 200 + 2 * requests, half = requests / 2
        let inProcess = await Self.inProcess(service, bodies: Array(hookBodies[spare..<(spare + half)]), concurrency: 1)
        let inProcessParallel = await Self.inProcess(
            service, bodies: Array(hookBodies[(spare + half)..<(spare + 2 * half)]), concurrency: concurrency)

        let trivial = await liveOnSocket.closedLoop(total: requests, concurrency: concurrency)
        _ = await floorOnSocket.closedLoop(total: 200, concurrency: concurrency)
        let floor = await floorOnSocket.closedLoop(total: requests, concurrency: concurrency, firstRequest: 200)
        let closed = await hookOnSocket.closedLoop(total: requests, concurrency: concurrency, firstRequest: 200)
        let open = await hook.openLoop(total: requests, rate: rate, firstRequest: 200 + requests)
        let openTrivial = await live.openLoop(total: requests, rate: rate)

        print(inProcess.report("order-sign in process, 1 task"))
        print(inProcessParallel.report("order-sign in process, \(concurrency) tasks"))
        print(trivial.report("GET /health/live, \(concurrency) clients (baseline)"))
        print(floor.report("order-sign floor, \(concurrency) clients"))
        print(closed.report("order-sign, \(concurrency) clients"))
        print(openTrivial.report("GET /health/live at \(format(rate, 0)) req/s"))
        print(open.report("order-sign at \(format(rate, 0)) req/s"))
        let ratio = trivial.throughput > 0 ? closed.throughput / trivial.throughput : 0
        let floorRatio = trivial.throughput > 0 ? floor.throughput / trivial.throughput : 0
        print("order-sign throughput is \(format(ratio * 100, 1))% of the trivial endpoint's (target ≥ 30%); "
            + "p99 at \(format(rate, 0)) req/s \(format(open.samples.percentile(99).milliseconds, 2)) ms (target < 20 ms)")
        print("the floor (JWT, body, the call's log entry, a canned answer; none of the service's work) is "
            + "\(format(floorRatio * 100, 1))% of the trivial endpoint's")
    }

    /// `--only in-process`: the service's own figures, with no JWTs to sign before they start.
    func serviceAlone(_ dependencies: GreenlightServer.Dependencies, template: JSON) async throws {
        guard let service = dependencies.cdsHooksService() else { throw CleanExit.message("no CRD service") }
        let bodies = (0..<(requests * 2)).map { _ in Self.hookBody(template) }
        let one = await Self.inProcess(service, bodies: Array(bodies[..<requests]), concurrency: 1)
        let many = await Self.inProcess(service, bodies: Array(bodies[requests...]), concurrency: concurrency)
        print(one.report("order-sign in process, 1 task"))
        print(many.report("order-sign in process, \(concurrency) tasks"))
    }

    /// The hook request `template` with a `hookInstance` of its own, so every call logs its own row.
    static func hookBody(_ template: JSON) -> [UInt8] {
        var body = template
        body["hookInstance"] = .string(UUID().uuidString.lowercased())
        return body.serialized()
    }

    /// `CDSHooksService.call` directly, `concurrency` tasks over `bodies` (distinct
    /// `hookInstance`s and JWT ids, so every call writes its own log row and jti as over HTTP).
    static func inProcess(_ service: CDSHooksService, bodies: [[UInt8]], concurrency: Int) async -> HTTPLoad.Result {
        await InProcessLoad.run(total: bodies.count, concurrency: concurrency) { n in
            // A fresh JWT id per call, written with the log entry as over HTTP.
            let tokenID = TokenIDClaim(
                issuer: "bench-ehr", jti: UUID().uuidString.lowercased(), keepUntil: Date().addingTimeInterval(600))
            return await service.call(
                serviceID: "greenlight-order-sign", body: bodies[n], clientID: "bench-ehr", receivedAt: Date(), tokenID: tokenID
            ).status
        }
    }

    /// The demo key pair behind each signing algorithm.
    static let keyFiles = ["RS384": "demo-ehr", "ES384": "demo-clinic"]

    /// A bench EHR client signing with the demo key pair `keyName`.
    static func registerBenchEHR(_ server: BenchServer, keyName: String) async throws -> ClientJWTSigner {
        let jwks = try String(
            contentsOf: server.fixtures.appendingPathComponent("keys/\(keyName).jwks.json"), encoding: .utf8)
        try await server.store.upsertClient(RegisteredClient(
            id: "bench-ehr", name: "Benchmark EHR", kind: .ehr, jwks: jwks, roles: ["cds-client"], createdAt: Date()))
        return try await server.signer(client: "bench-ehr", keyName: keyName)
    }
}
