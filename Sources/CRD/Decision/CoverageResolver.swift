import CaseStore
import FHIR
import Logging

/// Finds the one Coverage a hook is answered for and the member behind it.
///
/// CRD's split between errors and answers: a Coverage problem the EHR must fix is a 400 (several
/// active Coverages of payers this server serves, an active Coverage without a payer identifier,
/// a payer this server does not serve); a patient the payer cannot place is a 200 answer with
/// `not-covered` ("No Active Coverage" when no Coverage is in force — prefetch `null`, an empty
/// search, only inactive ones, or ours has lapsed; "Member Not Found" when no member matches).
/// Active Coverages of other payers beside ours are ignored: EHRs send what their search finds.
struct CoverageResolver: Sendable {
    let store: any CaseStore
    let logger: Logger

    func resolve(_ data: HookData, today: String) async throws(HookError) -> CoverageResolution {
        let coverages = data.coverages.map { ClientCoverage($0, data: data) }
        if coverages.isEmpty, let problem = unavailableCoverage(data) {
            throw HookError(.preconditionFailed, .required, problem, path: "prefetch.coverage")
        }
        let payers = try await directoryRead(logger) { try await store.payers() }
        let active = coverages.filter { $0.isActive(on: today) }
        guard !active.isEmpty else {
            // The lapsed Coverage of one of our payers, if any, names who answers.
            let lapsed = coverages.lazy.compactMap { coverage in payers.first(where: coverage.isPaid).map { (coverage, $0) } }.first
            return .notCovered(.noActiveCoverage, coverage: lapsed?.0 ?? coverages.first, payer: lapsed?.1)
        }
        let ours = active.compactMap { coverage in payers.first(where: coverage.isPaid).map { (coverage, $0) } }
        guard let (coverage, payer) = ours.first else {
            if let anonymous = active.first(where: { $0.payerIdentifiers.isEmpty }) {
                throw Self.coverageError("\(anonymous.label) names no payer identifier (Coverage.payor.identifier, or an identifier on the payor Organization)")
            }
            let named = active.flatMap { $0.payerIdentifiers }.map { (identifier: Identifier) -> String in
                [identifier.system, identifier.value].compactMap { $0 }.joined(separator: "|")
            }
            throw Self.coverageError("this service does not serve the payer of the patient's active Coverage (\(named.joined(separator: ", ")))")
        }
        guard ours.count == 1 else {
            throw Self.coverageError("several active Coverages of payers this service serves (\(ours.map(\.0.label).joined(separator: ", "))); CRD expects exactly one")
        }
        return try await member(for: coverage, payer: payer, today: today)
    }

    /// Our member and coverage behind the EHR's Coverage, with the member's history (one read).
    private func member(for coverage: ClientCoverage, payer: Payer, today: String) async throws(HookError) -> CoverageResolution {
        let records = try await directoryRead(logger) {
            try await store.memberRecords(memberIdentifiers: coverage.memberIdentifiers)
        }
        let candidates = records.coverages.filter { $0.payerID == payer.id }
        func inForce(_ match: MemberCoverage) -> Bool {
            match.status == "active" && CivilDay.isWithin(today, start: match.periodStart, end: match.periodEnd)
        }
        let chosen = candidates.first(where: inForce) ?? candidates.max { ($0.periodStart ?? "") < ($1.periodStart ?? "") }
        guard let chosen, let member = records.members[chosen.memberID] else {
            return .notCovered(.memberNotFound, coverage: coverage, payer: payer)
        }
        guard inForce(chosen) else { return .notCovered(.noActiveCoverage, coverage: coverage, payer: payer) }
        var plan: HealthPlan?
        if let planID = chosen.planID { plan = try await directoryRead(logger) { try await store.plan(id: planID) } }
        return .member(MemberContext(
            clientCoverage: coverage, payer: payer, coverage: chosen, member: member, plan: plan,
            history: PriorAuthorizationHistory(cases: records.cases[member.id] ?? [])))
    }

    /// Why the Coverage could not be had at all, when the gathering side says so: the EHR
    /// neither sent it nor let the service fetch it (412, never for an empty answer).
    private func unavailableCoverage(_ data: HookData) -> String? {
        guard let entry = data.prefetchLog.first(where: { $0.key == "coverage" }), entry.source == .unavailable else { return nil }
        return "The patient's Coverage was not in the prefetch and could not be fetched" + (entry.problem.map { ": \($0)" } ?? ".")
    }

    private static func coverageError(_ message: String) -> HookError {
        HookError(.badRequest, .businessRule, "Coverage: " + message + ".", path: "prefetch.coverage")
    }
}

/// Store reads inside the hook: a failure is the service's (500), never the EHR's; the EHR is
/// not told the store's own words, the log is.
func directoryRead<T: Sendable>(_ logger: Logger, _ body: () async throws -> T) async throws(HookError) -> T {
    do {
        return try await body()
    } catch {
        logger.error("CRD: reading the case store failed", metadata: ["error": "\(error)"])
        throw HookError(.internalError, .exception, "The payer directory could not be read; try again.")
    }
}

extension ClientCoverage {
    /// `Coverage/{id}` for messages.
    var label: String { reference.reference ?? "A Coverage without an id" }
}
