import Foundation

/// Latency samples of one benchmark, summarised the way the README reports them.
struct Samples {
    private(set) var durations: [Duration] = []

    mutating func append(_ duration: Duration) { durations.append(duration) }

    var total: Duration { durations.reduce(.zero, +) }

    /// The p-th percentile (0...100), nearest-rank.
    func percentile(_ p: Double) -> Duration {
        guard !durations.isEmpty else { return .zero }
        let sorted = durations.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Operations per second over the whole run.
    var throughput: Double {
        let seconds = total.seconds
        return seconds > 0 ? Double(durations.count) / seconds : 0
    }

    func report(_ label: String) -> String {
        let p50 = percentile(50).milliseconds, p95 = percentile(95).milliseconds, p99 = percentile(99).milliseconds
        return "\(label.padding(toLength: 37, withPad: " ", startingAt: 0)) "
            + "\(format(throughput, 1)) ops/s   p50 \(format(p50, 3)) ms   p95 \(format(p95, 3)) ms   p99 \(format(p99, 3)) ms"
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
    var milliseconds: Double { seconds * 1000 }
}

func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

/// Times one call.
func time(_ body: () throws -> Void) rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return clock.now - start
}

/// Times one async call.
func time(_ body: () async throws -> Void) async rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    return clock.now - start
}

/// CPU time used so far by every thread of this process.
func processCPUTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
}
