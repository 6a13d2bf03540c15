import Allocator
import ArgumentParser
import CaseStore
import FHIR
import Foundation
import Server

/// PAS `Claim/$submit` end to end over HTTP on loopback: a real server (demo plan in a
/// temporary SQLite file, the shipped Rules) receives the demo clinic's two-item request (a lab
/// panel the rules certify and a lumbar MRI), each copy with its own Bundle identifier and
/// Claim trace number so every submission opens its own case, for one of `--members` members
/// in turn (a payer's submissions are spread over its members; each member's history is part
/// of what the rules read); the baseline is the same server's `/health/live`, measured in the
/// same run.
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

    @Option(help: "Members the submissions are spread over (seeded into the demo plan's Medicare Advantage plan).")
    var members: Int = 1000

    @Option(help: "The PAS request Bundle to submit (copied with fresh identifiers).")
    var request: String = "Fixtures/demo/pas/submit-lab-and-mri.json"

    @Option(help: "The repository's Fixtures folder (demo plan and keys).")
    var fixtures: String = "Fixtures"

    @Option(help: "The rules directory.")
    var rules: String = "Rules"

    @OptionGroup var durability: DurabilityOption

    @OptionGroup var phase: PhaseOption

    func validate() throws {
        guard requests > 0, concurrency > 0, members > 0 else {
            throw ValidationError("--requests, --concurrency and --members must be positive")
        }
    }

    func run() async throws {
        let server = try await BenchServer.start(
            fixtures: fixtures, rules: rules, durability: durability.durability, label: "bench.pas")
        defer { server.stop() }
        let base = server.baseURL
        let token = try await server.accessToken(client: "demo-clinic", scope: "system/Claim.c")
        try await Self.seedMembers(members, into: server.store)
        let template = try JSON.parse(data: Data(contentsOf: URL(fileURLWithPath: request)))
        let items = template["entry"]?[0]?["resource"]?["item"]?.array?.count ?? 0
        print("PAS: Claim/$submit of a \(items)-item request, \(requests) submissions per measurement, "
            + "spread over \(members) members, server on \(base), \(durability.durability.label), \(MemoryAllocator.summary)")

        let warmUp = 200
        // Warm-up, HTTP, then in process (half with one task, half with `concurrency`).
        let bodies = (0..<(warmUp + 2 * requests)).map { n in Self.copy(of: template, number: n, member: n % members) }
        // Closed loops through the light load generator (SocketLoad): it leaves the two cores to
        // the server.
        let submit = SocketLoad(port: server.configuration.port) { n in
            SocketLoad.Request(
                method: "POST", path: "/Claim/$submit",
                headers: [("Content-Type", "application/fhir+json"), ("Authorization", "Bearer \(token)")], body: bodies[n])
        }
        let live = SocketLoad(port: server.configuration.port) { _ in SocketLoad.Request(path: "/health/live") }

        // Warm up both paths (connections, rule states, SQLite pages).
        _ = await submit.closedLoop(total: warmUp, concurrency: concurrency)
        _ = await live.closedLoop(total: warmUp, concurrency: concurrency)
        guard let service = server.dependencies.pasSubmitService() else { throw CleanExit.message("no PAS service") }
        let spare = warmUp + requests, half = requests / 2
        let submitter = "npi:1500000017"
        func inProcess(first: Int, total: Int, concurrency: Int) async -> HTTPLoad.Result {
            await InProcessLoad.run(total: total, concurrency: concurrency) { n in
                await service.submit(body: bodies[first + n], submitter: submitter, receivedAt: Date()).status
            }
        }
        switch phase.only {
        case .closedLoop:
            print(await submit.closedLoop(total: requests, concurrency: concurrency, firstRequest: warmUp)
                .report("Claim/$submit, \(concurrency) clients"))
            return
        case .inProcess:
            print(await inProcess(first: warmUp, total: requests, concurrency: concurrency)
                .report("$submit in process, \(concurrency) tasks"))
            return
        case .all: break
        }

        let trivial = await live.closedLoop(total: requests, concurrency: concurrency)
        let closed = await submit.closedLoop(total: requests, concurrency: concurrency, firstRequest: warmUp)
        let inProcessOne = await inProcess(first: spare, total: half, concurrency: 1)
        let inProcessParallel = await inProcess(first: spare + half, total: half, concurrency: concurrency)
        let cases = try await server.store.counts()["pa_case"] ?? 0

        print(inProcessOne.report("$submit in process, 1 task"))
        print(inProcessParallel.report("$submit in process, \(concurrency) tasks"))
        print(trivial.report("GET /health/live, \(concurrency) clients (baseline)"))
        print(closed.report("Claim/$submit, \(concurrency) clients"))
        let ratio = trivial.throughput > 0 ? closed.throughput / trivial.throughput : 0
        let target = durability.durability == .full ? 1000 : 2000
        print("$submit: \(format(closed.throughput, 0)) submissions/s (target ≥ \(target)), "
            + "\(format(ratio * 100, 1))% of the trivial endpoint's; \(cases) cases on disk")
    }

    /// The template with identifiers of its own (Bundle identifier, Claim trace number), for
    /// the bench member `member`.
    static func copy(of template: JSON, number n: Int, member: Int) -> [UInt8] {
        var bundle = template
        bundle["identifier"]?["value"] = .string("BENCH-TX-\(n)")
        let entries = (bundle["entry"]?.array ?? []).map { entry -> JSON in
            var entry = entry
            var resource = entry["resource"] ?? .null
            switch resource.resourceType {
            case "Claim":
                resource["identifier"] = [
                    ["system": "http://riverside-ortho.example/patient-event-trace", "value": .string("BENCH-EVENT-\(n)")]
                ]
            case "Coverage":
                resource["subscriberId"] = .string(memberNumber(member))
                var identifiers = resource["identifier"]?.array ?? []
                if !identifiers.isEmpty { identifiers[0]["value"] = .string(memberNumber(member)) }
                resource["identifier"] = .array(identifiers)
            default: break
            }
            entry["resource"] = resource
            return entry
        }
        bundle["entry"] = .array(entries)
        return bundle.serialized()
    }

    static func memberNumber(_ member: Int) -> String { "BENCH\(100_000 + member)" }

    /// `count` members of the demo payer's Medicare Advantage plan, each with an active coverage.
    static func seedMembers(_ count: Int, into store: SQLiteCaseStore) async throws {
        for member in 0..<count {
            let id = "bench-member-\(member)"
            try await store.upsertMember(Member(
                id: id, payerID: "unitedcare", givenName: "Bench", familyName: "Member \(member)", birthDate: "1956-09-08",
                gender: "female", patientJSON: "{}"))
            try await store.upsertCoverage(MemberCoverage(
                id: "bench-coverage-\(member)", memberID: id, payerID: "unitedcare", planID: "H1234-001",
                subscriberID: memberNumber(member), periodStart: "2026-01-01", periodEnd: "2026-12-31", coverageJSON: "{}"))
        }
    }
}
