import FHIR
import Foundation
import Logging
import Synchronization

/// Greenlight's rule engine: the policies of a rules directory, loaded into a pool of
/// sandboxed Lua 5.4 states, answering CRD's `coverage`, PAS's `adjudicate` and DTR's
/// `next_question` with a record of every evaluation.
///
/// The engine holds one rule set at a time. ``reload()`` builds a complete new rule set and
/// pool beside the current one and swaps the reference only when everything loaded, so a
/// broken file never replaces a working version; evaluations already running finish on the
/// pool they started with.
public final class RuleEngine: Sendable {
    public let directory: URL
    public let limits: RuleLimits
    let poolSize: Int
    let logger: Logger
    private let active: Mutex<LuaStatePool>
    /// Serialises reloads (SIGHUP and the file watcher may coincide); never taken on the hot path.
    private let reloading = Mutex(())

    /// Loads every policy, value set and data file under `directory`.
    ///
    /// - Parameter poolSize: idle Lua states kept for reuse (default: twice the cores). More
    ///   concurrent evaluations than that still run, each on a state built for it.
    /// - Throws: every problem found, each with its file and line.
    public init(
        directory: URL, limits: RuleLimits = RuleLimits(), poolSize: Int? = nil, logger: Logger
    ) throws(RuleLoadError) {
        self.directory = directory
        self.limits = limits
        self.poolSize = poolSize ?? max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        self.logger = logger
        switch RuleSet.load(directory: directory, limits: limits) {
        case .success(let (ruleSet, state)):
            active = Mutex(LuaStatePool(ruleSet: ruleSet, first: state, capacity: self.poolSize))
        case .failure(let error):
            throw error
        }
    }

    var pool: LuaStatePool { active.withLock { $0 } }

    /// Loads the directory again. On success the new policies serve every later evaluation; on
    /// failure nothing changes and the report lists the problems.
    @discardableResult
    public func reload() -> RuleReloadReport {
        reloading.withLock { _ in
            switch RuleSet.load(directory: directory, limits: limits) {
            case .success(let (ruleSet, state)):
                let pool = LuaStatePool(ruleSet: ruleSet, first: state, capacity: poolSize)
                active.withLock { $0 = pool }
                let report = RuleReloadReport.loaded(ruleSet.policies.map(\.summary))
                logger.info("\(report)")
                return report
            case .failure(let error):
                let report = RuleReloadReport.failed(error, keeping: policies)
                logger.error("\(report)")
                return report
            }
        }
    }

    /// The policies serving now, in file order.
    public var policies: [PolicySummary] { pool.ruleSet.policies.map(\.summary) }

    /// When the serving rule set was loaded.
    public var loadedAt: Date { pool.ruleSet.loadedAt }

    /// The policy that governs `service` for this plan and line of business; `nil` when none
    /// does (the caller decides what that means — CRD says no prior authorization is known).
    /// A plan (or line) that is not given matches only policies not limited to particular plans
    /// (or lines).
    public func policy(for service: RuleService, plan: String?, lineOfBusiness: String?) -> PolicySummary? {
        pool.ruleSet.policy(for: service, plan: plan, lineOfBusiness: lineOfBusiness)?.summary
    }

    public func policy(id: String) -> PolicySummary? {
        pool.ruleSet.policy(id: id)?.summary
    }

    /// Builds `count` states now so the first requests do not build them.
    public func prewarm(_ count: Int? = nil) {
        pool.prewarm(count ?? poolSize)
    }
}
