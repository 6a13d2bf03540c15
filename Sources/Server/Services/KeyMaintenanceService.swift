import CaseStore
import Logging
import Auth
import ServiceLifecycle

/// Keeps the security state tidy while the server runs: rotates the token-signing key when it
/// is due (dropping keys whose tokens have all expired) and forgets JWT ids past their expiry.
struct KeyMaintenanceService: Service {
    let keyRing: SigningKeyRing
    let replayGuard: any ReplayGuard
    let timeSource: any TimeSource
    var interval: Duration = .seconds(60)
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await maintain()
                }
            }
        } catch is CancellationError {
            // Graceful shutdown.
        }
    }

    func maintain() async {
        do {
            try await keyRing.prepare()
            let purged = try await replayGuard.purgeTokenIDs(expiredBefore: timeSource.now())
            if purged > 0 { logger.debug("Forgot expired JWT ids", metadata: ["count": "\(purged)"]) }
        } catch {
            logger.error("Key maintenance failed", metadata: ["error": "\(error)"])
        }
    }
}
