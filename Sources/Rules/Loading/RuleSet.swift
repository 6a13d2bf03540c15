import FHIR
import Foundation

/// One loaded version of the rules directory: the policies' sources and summaries, the value
/// sets and data as tapes, and the index from code to policies. Immutable; a reload builds a
/// new one. It is also the recipe for a Lua state: ``makeState()`` builds one that holds
/// everything, identical to every other state of this rule set.
struct RuleSet: Sendable {
    struct Policy: Sendable {
        var summary: PolicySummary
        var source: [UInt8]
        /// 1-based position in the state's policy table.
        var index: Int
    }

    let directory: URL
    let limits: RuleLimits
    let policies: [Policy]
    let valueSets: ValueTape
    let data: ValueTape
    let librarySource: String
    /// `RuleService.key` → indexes into `policies` that govern that code.
    let byService: [String: [Int]]
    let byID: [String: Int]
    let loadedAt: Date

    /// Loads and checks everything; every problem found is in the error.
    static func load(
        directory: URL, limits: RuleLimits, librarySource: String = GreenlightLibrary.source
    ) -> Result<(RuleSet, LuaState), RuleLoadError> {
        let files = RuleFiles.read(directory)
        var problems = files.problems

        func tape(_ entries: [(name: String, value: JSON)], folder: String) -> ValueTape {
            let object = JSON.object(JSONObject(entries.map { ($0.name, $0.value) }))
            do {
                return try ValueTape(object)
            } catch {
                problems.append(RuleProblem(file: folder, message: error.description))
                return try! ValueTape(.object(JSONObject()))
            }
        }
        let valueSets = tape(files.valueSets, folder: "valuesets")
        let data = tape(files.data, folder: "data")

        // The first state checks every file; problems in one policy do not hide the next.
        let state: LuaState
        do {
            state = try LuaState(limits: limits)
            try state.setGlobal("_VALUESETS", valueSets)
            try state.setGlobal("_DATA", data)
            try state.installPrelude(EnginePrelude.source, chunkname: EnginePrelude.chunkname)
        } catch {
            problems.append(RuleProblem(file: "(engine)", message: error.message))
            return .failure(RuleLoadError(problems: problems))
        }
        do {
            try state.run(librarySource, chunkname: "=gl")
        } catch {
            problems.append(RuleProblem.fromLua(error.message, file: "gl"))
            return .failure(RuleLoadError(problems: problems))
        }

        var policies: [Policy] = []
        for file in files.policies {
            let index = policies.count + 1
            do {
                let metadata = try state.loadPolicy(index: index, source: file.bytes, chunkname: "@" + file.path)
                let summary = try PolicySummary(metadata: metadata, file: file.path, version: file.version)
                policies.append(Policy(summary: summary, source: file.bytes, index: index))
            } catch {
                problems.append(describe(error, file: file.path, limits: limits))
            }
        }

        var byID: [String: Int] = [:]
        var byService: [String: [Int]] = [:]
        for (position, policy) in policies.enumerated() {
            let summary = policy.summary
            if let other = byID[summary.id] {
                problems.append(RuleProblem(
                    file: summary.file,
                    message: "policy id \"\(summary.id)\" is also declared by \(policies[other].summary.file)"))
                continue
            }
            byID[summary.id] = position
            var seen: Set<String> = []
            for service in summary.services where seen.insert(service.key).inserted {
                for otherPosition in byService[service.key, default: []] {
                    let other = policies[otherPosition].summary
                    if other.overlaps(summary) {
                        problems.append(RuleProblem(
                            file: summary.file,
                            message: "\(service) is claimed by both \(other.file) (\(other.id)) and \(summary.file) (\(summary.id)) for overlapping plans"))
                    }
                }
                byService[service.key, default: []].append(position)
            }
        }

        guard problems.isEmpty else { return .failure(RuleLoadError(problems: problems)) }
        let ruleSet = RuleSet(
            directory: directory, limits: limits, policies: policies, valueSets: valueSets, data: data,
            librarySource: librarySource, byService: byService, byID: byID, loadedAt: Date())
        return .success((ruleSet, state))
    }

    private static func describe(_ error: any Error, file: String, limits: RuleLimits) -> RuleProblem {
        guard let failure = error as? LuaFailure else {
            return RuleProblem(file: file, message: "\(error)")
        }
        switch failure.kind {
        case .memory:
            return RuleProblem(file: file, message: "loading the file exceeded the \(failure.message)")
        default:
            return RuleProblem.fromLua(failure.message, file: file)
        }
    }

    /// A fresh state holding the library, value sets, data and every policy.
    func makeState() throws(LuaFailure) -> LuaState {
        let state = try LuaState(limits: limits)
        try state.setGlobal("_VALUESETS", valueSets)
        try state.setGlobal("_DATA", data)
        try state.installPrelude(EnginePrelude.source, chunkname: EnginePrelude.chunkname)
        try state.run(librarySource, chunkname: "=gl")
        for policy in policies {
            _ = try state.loadPolicy(index: policy.index, source: policy.source, chunkname: "@" + policy.summary.file)
        }
        return state
    }

    /// The policy that governs this code for this plan and line of business, if any.
    func policy(for service: RuleService, plan: String?, lineOfBusiness: String?) -> Policy? {
        guard let candidates = byService[service.key] else { return nil }
        return candidates.lazy.map { policies[$0] }.first {
            $0.summary.applies(plan: plan, lineOfBusiness: lineOfBusiness)
        }
    }

    func policy(id: String) -> Policy? {
        byID[id].map { policies[$0] }
    }
}
