import CaseStore
import FHIR
import Foundation
import Logging

/// `Claim/$inquire`, free of HTTP: the current state of every prior-authorization request that
/// matches the inquiry (query by example, X12 278 inquiry rules).
///
/// The member id must match; then, when given, the authorization number, the administration
/// reference number, an item trace number, a service (`not-applicable` = any) and the service
/// dates. A caller sees only requests its organization submitted, or that name one of its NPIs
/// as the provider — and then only when its inquiry names that NPI too (PAS: non-submitters
/// match member id plus the ordering or rendering NPI). 2.2-form inquiries (wrapped in
/// `Parameters`, or a 2.2 profile) get a `Parameters` of Bundles, others one Bundle.
public final class PASInquiryService: Sendable {
    let store: any CaseStore
    let baseURL: String
    /// The version answers take unless the inquiry itself is in the 2.2 form.
    let version: PASVersion
    let logger: Logger

    public init(
        store: any CaseStore, version: PASVersion = .v2_1, baseURL: String, logger: Logger = Logger(label: "greenlight.pas")
    ) {
        self.store = store
        self.version = version
        self.baseURL = baseURL
        self.logger = logger
    }

    public func inquire(body: [UInt8], requester: PASRequester, receivedAt: Date) async -> PASAnswer {
        let inquiry: PASInquiry
        do {
            inquiry = try PASInquiryReader().read(body)
        } catch {
            return .refusal(error.status.rawValue, error.outcome)
        }
        do {
            let records = try await store.memberRecords(memberIdentifiers: [inquiry.memberID])
            var matches: [PASInquiryMatch] = []
            for detail in records.cases.values.flatMap({ $0 }) where Self.mayInquire(requester, inquiry, about: detail.paCase) {
                // The stored request is read again only when the inquiry asks by trace number.
                guard Self.matches(inquiry, detail, traceNumbers: { Self.traceNumbers(in: detail.paCase.requestJSON) }) else {
                    continue
                }
                matches.append(PASInquiryMatch(requestBundle: try JSON.parse(detail.paCase.requestJSON), detail: detail))
            }
            matches.sort { $0.detail.paCase.receivedAt > $1.detail.paCase.receivedAt }
            // A caller that asks in the 2.2 form (a Parameters, or 2.2 profiles) gets the 2.2
            // answer (a Parameters of Bundles) whatever the setting says.
            let builder = PASInquiryResponseBuilder(version: inquiry.usesVersion22Form ? .v2_2 : version, baseURL: baseURL)
            return PASAnswer(status: 200, body: try builder.response(to: inquiry.bundle, matches: matches, at: receivedAt))
        } catch let error as CaseStoreError where error.code == .storageFailure {
            // The store, not the inquiry: the caller may simply ask again.
            logger.error("PAS: reading the case store failed", metadata: ["error": "\(error)"])
            return .refusal(503, OperationOutcome.error(.transient, "The requests could not be read; try again."))
        } catch {
            logger.error("PAS: could not answer $inquire", metadata: ["error": "\(error)"])
            return .refusal(500, OperationOutcome.error(.exception, "The inquiry could not be answered; send it again."))
        }
    }

    /// The submitter, or a provider the case names that also names itself in the inquiry.
    static func mayInquire(_ requester: PASRequester, _ inquiry: PASInquiry, about paCase: PACase) -> Bool {
        if paCase.submitter == requester.submitter { return true }
        guard let npi = paCase.providerNPI else { return false }
        return requester.npis.contains(npi) && inquiry.providerNPIs.contains(npi)
    }

    /// `traceNumbers` gives the item trace numbers of the case's request, when asked.
    static func matches(_ inquiry: PASInquiry, _ detail: CaseDetail, traceNumbers: () -> [String]) -> Bool {
        let paCase = detail.paCase
        if let number = inquiry.authorizationNumber, paCase.authorizationNumber != number { return false }
        // Pended items are referred to as `<case id>-P<sequence>` (PASResponseNumbering).
        if let reference = inquiry.administrationReferenceNumber, !reference.hasPrefix(paCase.id + "-P") { return false }
        if !inquiry.traceNumbers.isEmpty {
            let wanted = Set(inquiry.traceNumbers.compactMap(\.value))
            guard traceNumbers().contains(where: wanted.contains) else { return false }
        }
        if !inquiry.matchesAnyService {
            let asked = detail.items.map(\.service)
            guard inquiry.services.contains(where: { wanted in
                asked.contains { $0.code == wanted.code && ($0.system == wanted.system || wanted.system.isEmpty) }
            }) else { return false }
        }
        if !inquiry.servicePeriods.isEmpty {
            let periods = detail.items.compactMap(\.servicePeriod)
            guard inquiry.servicePeriods.contains(where: { wanted in periods.contains { Self.overlap($0, wanted) } }) else {
                return false
            }
        }
        return true
    }

    /// The item trace numbers of a stored request Bundle (none when it no longer reads).
    static func traceNumbers(in requestJSON: String) -> [String] {
        guard let request = try? PASRequestReader().read(Array(requestJSON.utf8)) else { return [] }
        return request.items.flatMap(\.traceNumbers).compactMap(\.value)
    }

    /// Whether two periods of full dates share a day (an open end is unbounded).
    static func overlap(_ a: ServicePeriod, _ b: ServicePeriod) -> Bool {
        let aStart = a.start ?? "", bStart = b.start ?? ""
        let aEnd = a.end ?? "9999-12-31", bEnd = b.end ?? "9999-12-31"
        return aStart <= bEnd && bStart <= aEnd
    }
}
