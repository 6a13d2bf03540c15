import Foundation

/// A service called directly (no HTTP, no load generator), `concurrency` tasks over calls
/// `0..<total`: what the server's own work costs per request. `call` answers the HTTP status
/// the service chose.
enum InProcessLoad {
    static func run(total: Int, concurrency: Int, _ call: @escaping @Sendable (Int) async -> Int) async -> HTTPLoad.Result {
        var result = HTTPLoad.Result()
        let started = ContinuousClock.now, cpuStarted = processCPUTime()
        await withTaskGroup(of: [(Int, Duration)].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var outcomes: [(Int, Duration)] = []
                    var n = worker
                    while n < total {
                        let start = ContinuousClock.now
                        let status = await call(n)
                        outcomes.append((status, ContinuousClock.now - start))
                        n += concurrency
                    }
                    return outcomes
                }
            }
            for await outcomes in group {
                for (status, latency) in outcomes {
                    result.record(status == 200 ? .answered(latency) : .failed("status \(status)"))
                }
            }
        }
        result.elapsed = ContinuousClock.now - started
        result.cpu = processCPUTime() - cpuStarted
        return result
    }
}
