import CaseStore
import Logging
import Prometheus
import ServiceLifecycle

/// Runs the case store's clock sweep on a fixed interval while the server runs.
///
/// The sweep marks cases that are near or past their due time and records an event for
/// each transition; this service only supplies the heartbeat, logs what was found, and
/// stops with the rest of the server on graceful shutdown.
struct ClockSweepService: Service {
    let store: any CaseStore
    let interval: Duration
    let metrics: PrometheusCollectorRegistry
    let logger: Logger

    func run() async throws {
        // Register every series up front so dashboards see 0 rather than "no data".
        for level in EscalationLevel.allCases where level != .none { _ = alertCounter(level) }
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await sweepOnce()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: the sleep was interrupted; nothing is left half done.
        }
    }

    private func alertCounter(_ level: EscalationLevel) -> Counter {
        metrics.greenlightCounter(
            "clock_alerts", labels: [("level", level.rawValue)],
            help: "Cases that crossed a clock threshold (near due, overdue).")
    }

    func sweepOnce() async {
        do {
            let alerts = try await store.sweep()
            for alert in alerts {
                alertCounter(alert.level).increment()
                logger.warning(
                    "Case crossed a clock threshold",
                    metadata: ["case": "\(alert.caseID)", "level": "\(alert.level.rawValue)", "due": "\(alert.dueAt)"])
            }
        } catch {
            logger.error("Clock sweep failed", metadata: ["error": "\(error)"])
        }
    }
}
