import Foundation
import Logging
import Rules
import ServiceLifecycle
import UnixSignals

/// Reloads the rules while the server runs: on SIGHUP, and when a file under the rules
/// directory changes (a poll of modification times every `pollInterval` — simple, and the same
/// on every platform and file system, including bind mounts where inotify stays silent).
///
/// A reload that fails keeps the previous policies serving; either way the report is logged.
struct RuleReloadService: Service {
    let engine: RuleEngine
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    logger.info("SIGHUP: reloading rules", metadata: ["directory": "\(engine.directory.path)"])
                    engine.reload()
                }
            }
            group.addTask {
                await pollForChanges()
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func pollForChanges() async {
        var last = RulesSnapshot(directory: engine.directory)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
            let current = RulesSnapshot(directory: engine.directory)
            guard current != last else { continue }
            last = current
            logger.info("Rules changed on disk: reloading", metadata: ["directory": "\(engine.directory.path)"])
            engine.reload()
        }
    }
}

/// Path, size and modification time of every file under the rules directory: any edit, new
/// file or deletion changes it.
struct RulesSnapshot: Equatable {
    private var entries: [String: [Double]] = [:]

    init(directory: URL) {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: keys) else { return }
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            entries[url.path] = [
                values.contentModificationDate?.timeIntervalSince1970 ?? 0, Double(values.fileSize ?? 0),
            ]
        }
    }
}
