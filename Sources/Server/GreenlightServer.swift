import CaseStore
import CRD
import DTR
import FHIR
import Foundation
import Hummingbird
import Logging
import NIOCore
import PAS
import Prometheus
import Auth
import Rules
import ServiceLifecycle

/// Assembles the HTTP application: middleware, routes, `/metadata`, and the background services.
///
/// Everything the server needs comes in through ``Dependencies``, so tests build the same
/// application over a temporary database and a movable clock.
public enum GreenlightServer {
    public struct Dependencies: Sendable {
        public var configuration: GreenlightConfiguration
        public var store: any CaseStore
        public var timeSource: any TimeSource
        public var metrics: PrometheusCollectorRegistry
        public var logger: Logger
        public var security: SecurityServices
        /// The Lua rule engine; `nil` in tests that do not need policies (and then no CRD).
        public var rules: RuleEngine?
        /// Reads EHR FHIR servers for CRD prefetch the EHR left out.
        let fhirFetcher: OutboundFHIRClient
        /// The DTR forms, loaded from `questionnairesDirectory` at start.
        public var questionnaires: QuestionnaireCatalog

        public init(
            configuration: GreenlightConfiguration,
            store: any CaseStore,
            timeSource: any TimeSource = SystemTimeSource(),
            metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
            jwksFetcher: any JWKSFetcher = HTTPJWKSFetcher(),
            logger: Logger = Logger(label: "greenlight"),
            rules: RuleEngine? = nil
        ) {
            self.configuration = configuration
            self.rules = rules
            self.store = store
            self.timeSource = timeSource
            self.metrics = metrics
            self.logger = logger
            self.security = SecurityServices(
                configuration: configuration, store: store, timeSource: timeSource, jwksFetcher: jwksFetcher,
                logger: logger)
            self.fhirFetcher = OutboundFHIRClient(
                configuration: .init(totalTimeout: .milliseconds(Int64(configuration.fhirFetchTimeoutSeconds * 1000))))
            self.questionnaires = QuestionnaireCatalogSetup.load(configuration, logger: logger)
        }

        /// The DTR questionnaire server over the loaded forms (`$next-question` only with rules).
        func dtrServices() -> DTRServices {
            DTRServices(
                catalog: questionnaires, store: store, rules: rules, baseURL: configuration.effectiveBaseURL,
                timeZone: TimeZone(identifier: configuration.timeZone) ?? .current)
        }

        /// The PAS `$submit` service over the rules, or `nil` without rules (public so the benchmark
        /// can price the service without HTTP).
        public func pasSubmitService() -> PASSubmitService? {
            guard let rules else { return nil }
            return PASSubmitService(
                rules: rules, store: store, version: configuration.pasVersion, baseURL: configuration.effectiveBaseURL,
                timeZone: TimeZone(identifier: configuration.timeZone) ?? .current, logger: Logger(label: "greenlight.pas"))
        }

        /// What every path that changes a PAS answer passes as `notify:` (see
        /// ``PASSubscriptionNotifier``), in the PAS version (the default) and base URL `$submit` answers with.
        public func pasSubscriptionNotifier() -> PASSubscriptionNotifier {
            PASSubscriptionNotifier(baseURL: configuration.effectiveBaseURL)
        }

        /// The worker that sends subscription handshakes and outbox notifications.
        func subscriptionDeliveryService() -> SubscriptionDeliveryService {
            SubscriptionDeliveryService(
                store: store, client: fhirFetcher,
                notifications: BackportNotification(baseURL: configuration.effectiveBaseURL),
                settings: .init(
                    pollInterval: .milliseconds(Int64(configuration.subscriptionPollIntervalSeconds * 1000)),
                    retryBase: configuration.subscriptionRetryBaseSeconds,
                    retryMax: configuration.subscriptionRetryMaxSeconds,
                    timeout: .milliseconds(Int64(configuration.subscriptionTimeoutSeconds * 1000))),
                timeSource: timeSource, metrics: metrics, logger: logger)
        }

        /// The CRD service over the rules, or `nil` without rules (public so the benchmark can
        /// price the service without HTTP).
        public func cdsHooksService() -> CDSHooksService? {
            guard let rules else { return nil }
            let payerName = "Greenlight"
            let crdLogger = Logger(label: "greenlight.crd")
            return CDSHooksService(
                decider: CoverageRequirementsService(rules: rules, store: store, sourceLabel: payerName, logger: crdLogger),
                store: store, fetcher: fhirFetcher, discovery: CRDDiscovery(payerName: payerName),
                timeZone: TimeZone(identifier: configuration.timeZone) ?? .current, logger: crdLogger)
        }
    }

    public typealias App = Application<RouterResponder<GreenlightRequestContext>>

    /// Routes a host program adds beside Greenlight's own, outside the FHIR API (no FHIR content
    /// negotiation), with the same middleware and access control. The benchmark's reference
    /// endpoints are added this way.
    public typealias ExtraRoutes = @Sendable (RouteBuilder) -> Void

    /// The router with every route and middleware; exposed for `.router` tests.
    public static func makeRouter(
        _ dependencies: Dependencies,
        capabilities: CapabilityRegistry = CapabilityRegistry(),
        extraRoutes: ExtraRoutes = { _ in }
    ) -> Router<GreenlightRequestContext> {
        let router = Router(context: GreenlightRequestContext.self)
        let table = RouteTable()
        // Outermost first: the log line and the metrics see the final status, after errors
        // have become OperationOutcomes.
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: RequestMetricsMiddleware(registry: dependencies.metrics))
        // Outside the OperationOutcome rendering, so error answers carry the CORS headers too.
        router.add(middleware: CORSMiddleware(
            allowedOrigins: dependencies.configuration.corsAllowedOrigins, pathPrefix: "/cds-services"))
        router.add(middleware: OperationOutcomeMiddleware(routes: table))

        let authenticator = dependencies.security.authenticator
        // Operational and OAuth endpoints: not FHIR, no FHIR content negotiation.
        let operations = RouteBuilder(
            group: router.group(), table: table, authenticator: authenticator, capabilities: capabilities)
        HealthRoutes(
            store: dependencies.store, rules: dependencies.rules, startedAt: dependencies.timeSource.now(),
            timeSource: dependencies.timeSource
        ).register(on: operations)
        MetricsRoutes(registry: dependencies.metrics).register(on: operations)
        TokenRoutes(service: dependencies.security.tokenService, metrics: dependencies.metrics).register(on: operations)
        WellKnownRoutes(
            configuration: dependencies.configuration, keyRing: dependencies.security.keyRing,
            capabilities: capabilities
        ).register(on: operations)

        // CRD: CDS Hooks (JSON, not FHIR; each call signed by the EHR).
        if let crd = dependencies.cdsHooksService() {
            CDSHooksRoutes(service: crd, timeSource: dependencies.timeSource).register(on: operations)
        }
        extraRoutes(operations)

        // The FHIR API.
        let fhir = RouteBuilder(
            group: router.group().add(middleware: FHIRContentNegotiationMiddleware()),
            table: table, authenticator: authenticator, capabilities: capabilities)
        let statement = CapabilityStatementBuilder(
            baseURL: dependencies.configuration.effectiveBaseURL,
            softwareVersion: GreenlightVersion.current,
            startedAt: dependencies.timeSource.now(),
            tokenURL: dependencies.configuration.authentication == .required ? dependencies.configuration.tokenURL : nil)
        MetadataRoutes(registry: capabilities, builder: statement).register(on: fhir)
        ValidateRoutes().register(on: fhir, capabilities: capabilities)
        PASRoutes(
            submit: dependencies.pasSubmitService(),
            inquiry: PASInquiryService(
                store: dependencies.store, version: dependencies.configuration.pasVersion,
                baseURL: dependencies.configuration.effectiveBaseURL),
            timeSource: dependencies.timeSource
        ).register(on: fhir, capabilities: capabilities)
        SubscriptionRoutes(
            service: PASSubscriptionService(store: dependencies.store, baseURL: dependencies.configuration.effectiveBaseURL),
            timeSource: dependencies.timeSource, baseURL: dependencies.configuration.effectiveBaseURL
        ).register(on: fhir, capabilities: capabilities)
        let dtr = dependencies.dtrServices()
        QuestionnaireRoutes(services: dtr, timeSource: dependencies.timeSource).register(on: fhir, capabilities: capabilities)
        QuestionnaireResponseRoutes(services: dtr, timeSource: dependencies.timeSource).register(on: fhir, capabilities: capabilities)
        return router
    }

    /// The whole application, with the clock sweep running beside the HTTP server.
    /// `onServerRunning` gets the listening channel (its port, when the configuration asked
    /// for port 0).
    public static func makeApplication(
        _ dependencies: Dependencies, extraRoutes: ExtraRoutes = { _ in },
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> App {
        let configuration = dependencies.configuration
        var app = Application(
            router: makeRouter(dependencies, extraRoutes: extraRoutes),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "Greenlight/\(GreenlightVersion.current)"),
            onServerRunning: onServerRunning,
            logger: dependencies.logger
        )
        let security = dependencies.security
        let logger = dependencies.logger
        app.beforeServerStarts {
            // The first signing key must exist before the first token request.
            try await security.keyRing.prepare()
            if configuration.authentication == .disabled {
                logger.warning(
                    "AUTHENTICATION IS DISABLED (\"authentication\": \"disabled\"): every protected route is open to anyone. Never run this way with real data."
                )
            }
        }
        app.addServices(
            KeyMaintenanceService(
                keyRing: security.keyRing, replayGuard: dependencies.store, timeSource: dependencies.timeSource,
                logger: logger),
            ClockSweepService(
                store: dependencies.store,
                interval: .milliseconds(Int64(configuration.clockSweepIntervalSeconds * 1000)),
                metrics: dependencies.metrics,
                logger: dependencies.logger),
            dependencies.fhirFetcher,
            // After the client it posts with: a ServiceGroup stops its services last to first.
            dependencies.subscriptionDeliveryService())
        if let rules = dependencies.rules {
            app.addServices(
                RuleReloadService(
                    engine: rules, pollInterval: .milliseconds(Int64(configuration.rulesPollIntervalSeconds * 1000)),
                    logger: logger))
        }
        return app
    }
}
