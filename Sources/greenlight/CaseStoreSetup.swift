import CaseStore
import Foundation
import Logging
import Server

/// Opening the configured store and loading the demo plan, shared by `serve` and `seed`.
enum CaseStoreSetup {
    static func open(_ configuration: GreenlightConfiguration, logger: Logger) throws -> SQLiteCaseStore {
        do {
            return try SQLiteCaseStore(
                path: configuration.databasePath,
                settings: configuration.caseStoreSettings)
        } catch {
            throw CommandFailure("cannot open the case store at \(configuration.databasePath): \(error)")
        }
    }

    static func seedDemo(_ store: any CaseStore, configuration: GreenlightConfiguration) async throws -> DemoPlan.Summary {
        let folder = URL(fileURLWithPath: configuration.fixturesDirectory).appendingPathComponent("demo")
        let plan: DemoPlan
        do {
            plan = try DemoPlan.load(from: folder)
        } catch {
            throw CommandFailure("cannot load the demo plan: \(error)")
        }
        return try await plan.seed(into: store)
    }

    static func seedDemoIfEmpty(_ store: any CaseStore, configuration: GreenlightConfiguration, logger: Logger) async throws {
        guard try await store.isDirectoryEmpty() else { return }
        let summary = try await seedDemo(store, configuration: configuration)
        logger.notice("The store was empty: loaded the demo plan", metadata: ["loaded": "\(summary)"])
    }
}
