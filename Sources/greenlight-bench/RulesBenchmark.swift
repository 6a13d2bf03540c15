import ArgumentParser
import FHIR
import Foundation
import Logging
@_spi(Benchmark) import Rules

/// `coverage` evaluations per second on one task, and latency percentiles, for every shipped
/// policy — against an empty rule (a `coverage` that returns a constant table) measured in the
/// same run, and against the same rules in an unsandboxed state (no hook, no memory cap).
///
/// The empty rule prices the engine's fixed cost per call: checking a state out of the pool,
/// building the input tables, the protected call, reading and validating the result, the
/// record. The unsandboxed run prices the sandbox itself (count hook, allocator, pcall).
struct RulesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lua rule engine: coverage evaluations/s and latency vs an empty rule and vs no sandbox."
    )

    @Option(help: "The rules directory (policies plus tests/*.json, whose first coverage case is each policy's input).")
    var rules: String = "Rules"

    @Option(help: "Evaluations per measurement.")
    var iterations: Int = 20_000

    @Option(name: .customLong("policy"), help: "Measure only this policy (repeatable); the baseline is always measured.")
    var onlyPolicies: [String] = []

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        var logger = Logger(label: "bench.rules")
        logger.logLevel = .critical
        let directory = URL(fileURLWithPath: rules)
        var unsandboxed = RuleLimits()
        unsandboxed.sandboxed = false

        let shipped = try RuleEngine(directory: directory, poolSize: 1, logger: logger)
        let shippedOpen = try RuleEngine(directory: directory, limits: unsandboxed, poolSize: 1, logger: logger)
        let inputs = try Self.coverageInputs(directory.appendingPathComponent("tests"))

        let empty = try EmptyRule()
        let emptyEngine = try RuleEngine(directory: empty.directory, poolSize: 1, logger: logger)
        let emptyOpen = try RuleEngine(directory: empty.directory, limits: unsandboxed, poolSize: 1, logger: logger)
        // The empty rule gets the same realistic input as the first shipped policy (by id, so
        // every run compares against the same input).
        let baselineInput = inputs.keys.sorted().first.flatMap { inputs[$0] } ?? [:]

        print("Rules: \(shipped.policies.count) policies from \(directory.path), \(iterations) evaluations each, one task")
        let baseline = measure(emptyEngine, "empty", baselineInput)
        let baselineOpen = measure(emptyOpen, "empty", baselineInput)
        print(baseline.report("coverage  empty rule (baseline)"))
        print(baselineOpen.report("coverage  empty rule, no sandbox"))
        print("          sandbox overhead (empty rule): \(format(baseline.total.seconds / baselineOpen.total.seconds, 2))x")

        var totalSandboxed = Duration.zero, totalOpen = Duration.zero, count = 0
        for policy in shipped.policies where onlyPolicies.isEmpty || onlyPolicies.contains(policy.id) {
            guard let input = inputs[policy.id] else {
                print("coverage  \(policy.id): no coverage case in tests/ to use as input; skipped")
                continue
            }
            let record = shipped.evaluateNow(function: "coverage", policyID: policy.id, input: input)
            if let error = record.error {
                print("coverage  \(policy.id): fails on its test input (\(error.message)); skipped")
                continue
            }
            let samples = measure(shipped, policy.id, input)
            let open = measure(shippedOpen, policy.id, input)
            totalSandboxed += samples.total
            totalOpen += open.total
            count += 1
            print(samples.report("coverage  \(policy.id)"),
                "  \(format(samples.total.seconds / baseline.total.seconds, 2))x empty, "
                    + "\(format(samples.total.seconds / open.total.seconds, 2))x no sandbox, budget charged \(record.instructions) (hook every 1000 instr)")
        }
        if count > 0 {
            let perSecond = Double(count * iterations) / totalSandboxed.seconds
            print("all shipped policies: \(format(perSecond, 0)) coverage evaluations/s on one core (target ≥ 50000); "
                + "sandbox overhead \(format(totalSandboxed.seconds / totalOpen.seconds, 2))x (target < 2x)")
        }
    }

    private func measure(_ engine: RuleEngine, _ policyID: String, _ input: JSON) -> Samples {
        for _ in 0..<min(1000, iterations) {
            _ = engine.evaluateNow(function: "coverage", policyID: policyID, input: input)
        }
        var samples = Samples()
        for _ in 0..<iterations {
            samples.append(time { _ = engine.evaluateNow(function: "coverage", policyID: policyID, input: input) })
        }
        return samples
    }

    /// The input of the first `coverage` case of each policy's test file.
    static func coverageInputs(_ tests: URL) throws -> [String: JSON] {
        var inputs: [String: JSON] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(at: tests, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "json" {
            let document = try JSON.parse(data: try Data(contentsOf: file))
            guard let policy = document["policy"]?.string, let cases = document["cases"]?.array else { continue }
            if let first = cases.first(where: { $0["function"]?.string == "coverage" }), let input = first["input"] {
                inputs[policy] = inputs[policy] ?? input
            }
        }
        return inputs
    }
}

/// A temporary rules directory with one policy whose `coverage` returns a constant table.
private final class EmptyRule {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-bench-\(UUID().uuidString)")
        let policies = directory.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try Data(
            """
            return policy {
              id = "empty", title = "Empty rule",
              services = { { system = "urn:bench", codes = { "0" } } },
              coverage = function(req) return { covered = "covered", pa_needed = "no-auth" } end,
            }
            """.utf8
        ).write(to: policies.appendingPathComponent("empty.lua"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
