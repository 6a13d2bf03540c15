import Allocator
import ArgumentParser
import CaseStore
import Foundation
import Logging
import Metrics
import Prometheus
import Rules
import Server

/// `greenlight serve`: runs the HTTP server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Greenlight server.",
        discussion: """
            With no options, serves http://127.0.0.1:8080 from ./data/greenlight.sqlite (created on \
            first run and loaded with the demo plan from ./Fixtures/demo). Stops gracefully on \
            SIGTERM or SIGINT: requests in flight are answered first.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: ArgumentHelp("Log lines as text or json.", valueName: "text|json"))
    var logFormat: GreenlightConfiguration.LogFormat?

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    @Flag(name: .long, help: "Do not load the demo plan into an empty store.")
    var noSeed = false

    func run() async throws {
        var configuration = try store.resolvedConfiguration()
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        if let logFormat { configuration.logFormat = logFormat }
        if let logLevel { configuration.logLevel = logLevel }
        if noSeed { configuration.seedDemoWhenEmpty = false }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }

        let logger = LoggingSetup.bootstrap(configuration)
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))

        let caseStore = try CaseStoreSetup.open(configuration, logger: logger)
        if configuration.seedDemoWhenEmpty {
            try await CaseStoreSetup.seedDemoIfEmpty(caseStore, configuration: configuration, logger: logger)
        }
        for (name, path) in [("rules", configuration.rulesDirectory), ("questionnaires", configuration.questionnairesDirectory)]
        where !FileManager.default.fileExists(atPath: path) {
            logger.warning("The \(name) folder is missing", metadata: ["path": "\(path)"])
        }

        // A rules directory that does not load stops the start: serving without policies would
        // answer every CRD and PAS request with "unknown". (A failed *reload* keeps the old set.)
        let rules: RuleEngine
        do {
            rules = try RuleEngine(directory: URL(fileURLWithPath: configuration.rulesDirectory), logger: logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        rules.prewarm()
        logger.info(
            "Rules loaded",
            metadata: ["directory": "\(configuration.rulesDirectory)", "policies": "\(rules.policies.count)"])

        let app = GreenlightServer.makeApplication(
            .init(configuration: configuration, store: caseStore, metrics: metrics, logger: logger, rules: rules))
        logger.info(
            "Greenlight \(GreenlightVersion.current) starting",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)",
                "database": "\(configuration.databasePath)",
                "baseURL": "\(configuration.effectiveBaseURL)",
                "allocator": "\(MemoryAllocator.summary)",
            ])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        logger.info("Greenlight stopped")
    }
}

extension GreenlightConfiguration.LogFormat: ExpressibleByArgument {}
