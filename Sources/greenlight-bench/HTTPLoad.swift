import AsyncHTTPClient
import Foundation
import NIOCore

/// A small HTTP load generator for benchmarks against a server on loopback.
///
/// Two shapes: a closed loop (`concurrency` clients each sending its next request when the last
/// one is answered — the server's throughput at that concurrency) and an open loop at a fixed
/// rate (requests leave on schedule whether or not earlier ones were answered; latency counts
/// from the scheduled moment, so a stalled server cannot hide its queueing delay).
struct HTTPLoad {
    let client: HTTPClient
    /// The request numbered `n` (each may need its own JWT).
    let request: @Sendable (Int) -> HTTPClientRequest
    /// Statuses other than this count as failures.
    var expectedStatus: UInt = 200

    struct Result {
        var samples = Samples()
        var failures = 0
        var firstFailure: String?
        var elapsed: Duration = .zero
        /// CPU time the whole process (server and load generator) spent in the measurement.
        var cpu: Duration = .zero

        /// How one request ended.
        enum Outcome: Sendable {
            case answered(Duration)
            case failed(String)
        }

        mutating func record(_ outcome: Outcome) {
            switch outcome {
            case .answered(let latency): samples.append(latency)
            case .failed(let reason):
                failures += 1
                if firstFailure == nil { firstFailure = reason }
            }
        }

        var throughput: Double {
            let seconds = elapsed.seconds
            return seconds > 0 ? Double(samples.durations.count) / seconds : 0
        }

        func report(_ label: String) -> String {
            let p50 = samples.percentile(50).milliseconds, p90 = samples.percentile(90).milliseconds
            let p99 = samples.percentile(99).milliseconds
            var line = "\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) "
                + "\(format(throughput, 0)) req/s   p50 \(format(p50, 2)) ms   p90 \(format(p90, 2)) ms   p99 \(format(p99, 2)) ms"
            if !samples.durations.isEmpty {
                line += "   CPU \(format(cpu.milliseconds / Double(samples.durations.count), 2)) ms/req"
            }
            if failures > 0 { line += "   \(failures) failed (\(firstFailure ?? "?"))" }
            return line
        }
    }


    private func send(_ n: Int, from start: ContinuousClock.Instant) async -> Result.Outcome {
        do {
            let response = try await client.execute(request(n), timeout: .seconds(30))
            // Read the whole body: the answer is not received until it is.
            _ = try await response.body.collect(upTo: 16 << 20)
            let latency = ContinuousClock.now - start
            guard response.status.code == expectedStatus else { return .failed("status \(response.status.code)") }
            return .answered(latency)
        } catch {
            return .failed("\(error)")
        }
    }


    /// `total` requests from `concurrency` clients, each waiting for its answer before the next.
    func closedLoop(total: Int, concurrency: Int, firstRequest: Int = 0) async -> Result {
        var result = Result()
        let started = ContinuousClock.now, cpuStarted = processCPUTime()
        await withTaskGroup(of: [Result.Outcome].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var outcomes: [Result.Outcome] = []
                    var n = worker
                    while n < total {
                        outcomes.append(await send(firstRequest + n, from: .now))
                        n += concurrency
                    }
                    return outcomes
                }
            }
            for await outcomes in group {
                for outcome in outcomes { result.record(outcome) }
            }
        }
        result.elapsed = ContinuousClock.now - started
        result.cpu = processCPUTime() - cpuStarted
        return result
    }

    /// `total` requests sent at `rate` per second on schedule.
    func openLoop(total: Int, rate: Double, firstRequest: Int = 0) async -> Result {
        var result = Result()
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        let started = ContinuousClock.now, cpuStarted = processCPUTime()
        await withTaskGroup(of: Result.Outcome.self) { group in
            for n in 0..<total {
                let due = started + interval * n
                try? await Task.sleep(until: due, clock: .continuous)
                group.addTask { await send(firstRequest + n, from: due) }
            }
            for await outcome in group { result.record(outcome) }
        }
        result.elapsed = ContinuousClock.now - started
        result.cpu = processCPUTime() - cpuStarted
        return result
    }
}
