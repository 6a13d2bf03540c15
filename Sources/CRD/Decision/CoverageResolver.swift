import CaseStore
import Eligibility
import FHIR
import Logging

/// Finds the one Coverage a hook is answered for and the member behind it
/// (``EligibilityResolver``), in CRD's terms: a Coverage problem the EHR must fix is a 400
/// (several active Coverages of payers this server serves, an active Coverage without a payer
/// identifier, a payer this server does not serve); a patient the payer cannot place is a 200
/// answer with `not-covered` ("No Active Coverage", "Member Not Found"); no Coverage at all,
/// neither sent nor fetchable, is a 412.
struct CoverageResolver: Sendable {
    let store: any CaseStore
    let logger: Logger

    func resolve(_ data: HookData, today: String) async throws(HookError) -> Eligibility {
        let coverages = data.coverages.map { coverage in
            ClientCoverage(coverage, resolve: { link, container in data.resolve(link, in: container) })
        }
        if coverages.isEmpty, let problem = unavailableCoverage(data) {
            throw HookError(.preconditionFailed, .required, problem, path: "prefetch.coverage")
        }
        do {
            return try await EligibilityResolver(store: store).resolve(coverages, today: today)
        } catch .storeUnavailable(let reason) {
            // The service's failure (500), never the EHR's; the EHR is not told the store's words.
            logger.error("CRD: reading the case store failed", metadata: ["error": "\(reason)"])
            throw HookError(.internalError, .exception, "The payer directory could not be read; try again.")
        } catch {
            throw HookError(.badRequest, .businessRule, "Coverage: " + error.message + ".", path: "prefetch.coverage")
        }
    }

    /// Why the Coverage could not be had at all, when the gathering side says so: the EHR
    /// neither sent it nor let the service fetch it (412, never for an empty answer).
    private func unavailableCoverage(_ data: HookData) -> String? {
        guard let entry = data.prefetchLog.first(where: { $0.key == "coverage" }), entry.source == .unavailable else { return nil }
        return "The patient's Coverage was not in the prefetch and could not be fetched" + (entry.problem.map { ": \($0)" } ?? ".")
    }
}

extension CoverageInformation.NotCoveredReason {
    /// How CRD words an ineligibility.
    init(_ ineligibility: Eligibility.Ineligibility) {
        switch ineligibility {
        case .noActiveCoverage: self = .noActiveCoverage
        case .memberNotFound: self = .memberNotFound
        }
    }
}
