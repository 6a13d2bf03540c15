import CaseStore
import FHIR
import Foundation
import Testing

@testable import Eligibility

/// `member.prior_authorizations` as policies read it: one entry per item, the authorized
/// period and amount once decided, else what was asked for.
struct PriorAuthorizationHistoryTests {
    static let mri = ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "72148")

    static func history(_ items: [CaseItem], number: String? = "AUTH-1") -> PriorAuthorizationHistory {
        let received = Date(timeIntervalSince1970: 1_775_000_000)
        var paCase = PACase(
            id: "GL-1", submitter: "org-clinic-1", requestIdentifier: RequestIdentifier(system: "", value: "r-1"),
            memberID: "M1001", urgency: .standard, receivedAt: received, dueAt: received.addingTimeInterval(7 * 86_400),
            requestJSON: "")
        paCase.authorizationNumber = number
        return PriorAuthorizationHistory(cases: [CaseDetail(paCase: paCase, items: items)])
    }

    @Test func anUndecidedItemShowsWhatWasAskedFor() {
        let item = CaseItem(
            caseID: "GL-1", sequence: 1, service: Self.mri, quantity: StoredQuantity(value: "1.50", unit: "session"),
            servicePeriod: ServicePeriod(start: "2026-05-01", end: "2026-05-31"))
        let entry = Self.history([item]).json[0]
        #expect(entry?["status"] == "received")
        #expect(entry?["quantity"]?.serializedString() == #"{"value":1.50,"unit":"session"}"#)
        #expect(entry?["period"] == ["start": "2026-05-01", "end": "2026-05-31"])
        #expect(entry?["decided"] == nil)
    }

    @Test func aModifiedItemShowsWhatWasAuthorized() {
        let item = CaseItem(
            caseID: "GL-1", sequence: 1, service: Self.mri, quantity: StoredQuantity(value: "12", unit: "visit"),
            servicePeriod: ServicePeriod(start: "2026-05-01", end: "2026-07-31"), status: .modified,
            reviewAction: .modified, authorizedQuantity: StoredQuantity(value: "6", unit: "visit"),
            authorizedPeriod: ServicePeriod(start: "2026-05-01", end: "2026-06-15"),
            decidedAt: Date(timeIntervalSince1970: 1_775_100_000))
        let history = Self.history([item])
        let entry = history.json[0]
        #expect(entry?["status"] == "modified")
        #expect(entry?["quantity"] == ["value": 6, "unit": "visit"])
        #expect(entry?["period"] == ["start": "2026-05-01", "end": "2026-06-15"])
        #expect(history.authorizationNumber(system: Self.mri.system, code: Self.mri.code) == "AUTH-1")
    }

    /// A period with neither end is still there, empty; an amount that is not a decimal is left out.
    @Test func emptyPeriodsStayAndUnreadableAmountsGo() {
        let item = CaseItem(
            caseID: "GL-1", sequence: 1, service: Self.mri, quantity: StoredQuantity(value: "several", unit: "visit"),
            servicePeriod: ServicePeriod(start: nil, end: nil))
        let entry = Self.history([item]).json[0]
        #expect(entry?["period"] == [:])
        #expect(entry?["quantity"] == nil)
    }
}
