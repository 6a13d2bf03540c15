import CaseStore
import FHIR

/// Finds the one Coverage a request is answered for and the member behind it, with the member's
/// history, in one read of the store.
///
/// Active Coverages of other payers beside ours are ignored (clients send what their search
/// finds); several active ones of ours, or an active one without a payer identifier, or only
/// other payers' are ``CoverageProblem``s; a patient the payer cannot place is
/// ``Eligibility/ineligible(_:coverage:payer:)``.
public struct EligibilityResolver: Sendable {
    let store: any CaseStore

    public init(store: any CaseStore) {
        self.store = store
    }

    /// `today` is the plan's calendar date (`2026-11-23`).
    public func resolve(_ coverages: [ClientCoverage], today: String) async throws(CoverageProblem) -> Eligibility {
        let payers = try await read { try await store.payers() }
        let active = coverages.filter { $0.isActive(on: today) }
        guard !active.isEmpty else {
            // The lapsed Coverage of one of our payers, if any, names who answers.
            let lapsed = coverages.lazy.compactMap { coverage in payers.first(where: coverage.isPaid).map { (coverage, $0) } }.first
            return .ineligible(.noActiveCoverage, coverage: lapsed?.0 ?? coverages.first, payer: lapsed?.1)
        }
        let ours = active.compactMap { coverage in payers.first(where: coverage.isPaid).map { (coverage, $0) } }
        guard let (coverage, payer) = ours.first else {
            if let anonymous = active.first(where: { $0.payerIdentifiers.isEmpty }) {
                throw .noPayerIdentifier(anonymous.label)
            }
            throw .payerNotServed(active.flatMap(\.payerIdentifiers).map { identifier in
                [identifier.system, identifier.value].compactMap { $0 }.joined(separator: "|")
            })
        }
        guard ours.count == 1 else { throw .severalActiveCoverages(ours.map(\.0.label)) }
        return try await member(for: coverage, payer: payer, today: today)
    }

    /// Our member and coverage behind the client's Coverage, with the member's history.
    private func member(for coverage: ClientCoverage, payer: Payer, today: String) async throws(CoverageProblem) -> Eligibility {
        let records = try await read { try await store.memberRecords(
            memberIdentifiers: coverage.memberIdentifiers, caseLimit: PriorAuthorizationHistory.caseLimit, withRequests: false) }
        let candidates = records.coverages.filter { $0.payerID == payer.id }
        func inForce(_ match: MemberCoverage) -> Bool {
            match.status == "active" && CivilDay.isWithin(today, start: match.periodStart, end: match.periodEnd)
        }
        let chosen = candidates.first(where: inForce) ?? candidates.max { ($0.periodStart ?? "") < ($1.periodStart ?? "") }
        guard let chosen, let member = records.members[chosen.memberID] else {
            return .ineligible(.memberNotFound, coverage: coverage, payer: payer)
        }
        guard inForce(chosen) else { return .ineligible(.noActiveCoverage, coverage: coverage, payer: payer) }
        var plan: HealthPlan?
        if let planID = chosen.planID { plan = try await read { try await store.plan(id: planID) } }
        return .member(MemberContext(
            clientCoverage: coverage, payer: payer, coverage: chosen, member: member, plan: plan,
            history: PriorAuthorizationHistory(cases: records.cases[member.id] ?? [])))
    }

    private func read<T: Sendable>(_ body: () async throws -> T) async throws(CoverageProblem) -> T {
        do {
            return try await body()
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }
}
