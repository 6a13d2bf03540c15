import ArgumentParser
import AsyncHTTPClient
import FHIR
import Foundation
import NIOCore
import Server

/// PAS `Claim/$submit` end to end over HTTP on loopback: a real server (demo plan in a
/// temporary SQLite file, the shipped Rules) receives the demo clinic's two-item request (a lab
/// panel the rules certify and a lumbar MRI), each copy with its own Bundle identifier and
/// Claim trace number so every submission opens its own case; the baseline is the same
/// server's `/health/live`, measured in the same run.
///
/// Targets on the 2-core machine: at least 2,000 submissions/s with `--durability process`
/// (the default: every 2xx survives a killed process) and 1,000/s with `--durability full`
/// (every 2xx survives a power loss; concurrent submissions share one fsync).
struct PASBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pas",
        abstract: "PAS Claim/$submit over HTTP vs a trivial endpoint of the same server: throughput and p50/p90/p99."
    )

    @Option(help: "Submissions per measurement.")
    var requests: Int = 4000

    @Option(help: "Clients in the closed loop.")
    var concurrency: Int = 16

    @Option(help: "The PAS request Bundle to submit (copied with fresh identifiers).")
    var request: String = "Fixtures/demo/pas/submit-lab-and-mri.json"

    @Option(help: "The repository's Fixtures folder (demo plan and keys).")
    var fixtures: String = "Fixtures"

    @Option(help: "The rules directory.")
    var rules: String = "Rules"

    @OptionGroup var durability: DurabilityOption

    func validate() throws {
        guard requests > 0, concurrency > 0 else { throw ValidationError("--requests and --concurrency must be positive") }
    }

    func run() async throws {
        let server = try await BenchServer.start(
            fixtures: fixtures, rules: rules, durability: durability.durability, label: "bench.pas")
        defer { server.stop() }
        let base = server.baseURL
        let token = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        let template = try JSON.parse(data: Data(contentsOf: URL(fileURLWithPath: request)))
        let items = template["entry"]?[0]?["resource"]?["item"]?.array?.count ?? 0
        print("PAS: Claim/$submit of a \(items)-item request, \(requests) submissions per measurement, "
            + "server on \(base), \(durability.durability.label)")

        let warmUp = 200
        let bodies = (0..<(warmUp + requests)).map { n in Self.copy(of: template, number: n) }
        let submit = HTTPLoad(client: HTTPClient.shared) { n in
            var call = HTTPClientRequest(url: "\(base)/Claim/$submit")
            call.method = .POST
            call.headers.add(name: "Content-Type", value: "application/fhir+json")
            call.headers.add(name: "Authorization", value: "Bearer \(token)")
            call.body = .bytes(ByteBuffer(bytes: bodies[n]))
            return call
        }
        let live = HTTPLoad(client: HTTPClient.shared) { _ in HTTPClientRequest(url: "\(base)/health/live") }

        // Warm up both paths (connections, rule states, SQLite pages).
        _ = await submit.closedLoop(total: warmUp, concurrency: concurrency)
        _ = await live.closedLoop(total: warmUp, concurrency: concurrency)

        let trivial = await live.closedLoop(total: requests, concurrency: concurrency)
        let closed = await submit.closedLoop(total: requests, concurrency: concurrency, firstRequest: warmUp)
        let cases = try await server.store.counts()["pa_case"] ?? 0

        print(trivial.report("GET /health/live, \(concurrency) clients (baseline)"))
        print(closed.report("Claim/$submit, \(concurrency) clients"))
        let ratio = trivial.throughput > 0 ? closed.throughput / trivial.throughput : 0
        let target = durability.durability == .full ? 1000 : 2000
        print("$submit: \(format(closed.throughput, 0)) submissions/s (target ≥ \(target)), "
            + "\(format(ratio * 100, 1))% of the trivial endpoint's; \(cases) cases on disk")
    }

    /// The template with identifiers of its own: Bundle identifier, Claim trace number.
    static func copy(of template: JSON, number n: Int) -> [UInt8] {
        var bundle = template
        bundle["identifier"]?["value"] = .string("BENCH-TX-\(n)")
        var claim = bundle["entry"]?[0]?["resource"] ?? .null
        claim["identifier"] = [["system": "http://riverside-ortho.example/patient-event-trace", "value": .string("BENCH-EVENT-\(n)")]]
        var entries = bundle["entry"]?.array ?? []
        if !entries.isEmpty { entries[0]["resource"] = claim }
        bundle["entry"] = .array(entries)
        return bundle.serialized()
    }
}
