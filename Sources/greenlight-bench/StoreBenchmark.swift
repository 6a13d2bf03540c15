import Allocator
import ArgumentParser
import CaseStore
import Foundation

/// Case intake and decision latency on a real SQLite file (WAL; `--durability`), against the
/// cheapest write the store can do (upserting one directory row) as the baseline.
///
/// The ratio is what a case costs over the floor set by one commit (with `--durability full`,
/// the disk's fsync): a case writes the case row, its items and an event in one transaction,
/// so it should stay within a small multiple of one single-row commit.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Case intake and decision latency vs a single-row commit, on a temporary SQLite file."
    )

    @Option(help: "How many cases to open (and decide).")
    var cases: Int = 500

    @Option(help: "Items per case.")
    var items: Int = 3

    @OptionGroup var durability: DurabilityOption

    func validate() throws {
        guard cases > 0, items > 0 else { throw ValidationError("--cases and --items must be at least 1") }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteCaseStore(
            path: folder.appendingPathComponent("bench.sqlite").path,
            settings: CaseStoreSettings(durability: durability.durability))
        defer { try? store.close() }
        try await store.upsertPayer(Payer(id: "bench-payer", name: "Bench Payer"))
        try await store.upsertMember(Member(id: "bench-member", payerID: "bench-payer", patientJSON: "{}"))
        try await store.upsertCoverage(MemberCoverage(
            id: "bench-coverage", memberID: "bench-member", payerID: "bench-payer", subscriberID: "BENCH-SUBSCRIBER",
            coverageJSON: "{}"))
        print("Store: \(cases) cases of \(items) items on \(folder.path), \(durability.durability.label), \(MemoryAllocator.summary)")

        var baseline = Samples(), intake = Samples(), duplicate = Samples(), decision = Samples(), history = Samples()
        for n in 0..<cases {
            baseline.append(try await time {
                try await store.upsertPayer(Payer(id: "baseline", name: "Write \(n)"))
            })
            let request = intakeRequest(n)
            var caseID = ""
            intake.append(try await time { caseID = try await store.openCase(request).paCase.id })
            duplicate.append(try await time { _ = try await store.openCase(request) })
            decision.append(try await time {
                try await store.recordDecisions(
                    caseID: caseID,
                    decisions: Dictionary(uniqueKeysWithValues: (1...items).map { ($0, ItemDecision(.certified)) }),
                    actor: "bench")
            })
            // What every hook call and submission reads first: the member and their recent
            // cases with items, just after a write (as under load, the page cache is stale).
            history.append(try await time {
                _ = try await store.memberRecords(
                    memberIdentifiers: ["BENCH-SUBSCRIBER"], caseLimit: Self.historyCases, withRequests: false)
            })
        }
        print(baseline.report("single-row commit (baseline)"))
        print(intake.report("open case"))
        print(duplicate.report("duplicate intake (idempotent)"))
        print(decision.report("decide all items"))
        print(history.report("member history (\(Self.historyCases) cases)"))
        print("ratio  open case \(format(intake.percentile(50).seconds / baseline.percentile(50).seconds, 2))x, "
            + "decision \(format(decision.percentile(50).seconds / baseline.percentile(50).seconds, 2))x "
            + "the baseline's p50")
    }

    /// Cases of the member read back each time (a member with a busy year).
    static let historyCases = 8

    func intakeRequest(_ n: Int) -> CaseIntake {
        CaseIntake(
            submitter: "bench-clinic",
            requestIdentifier: RequestIdentifier(system: "urn:greenlight:bench", value: "req-\(n)"),
            memberID: "bench-member",
            urgency: n % 4 == 0 ? .expedited : .standard,
            requestJSON: #"{"resourceType":"Bundle","identifier":{"value":"req-\#(n)"}}"#,
            items: (1...items).map {
                CaseIntake.Item(
                    sequence: $0, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "7214\($0)"),
                    quantity: Quantity(value: "1", unit: "visit"))
            })
    }
}
