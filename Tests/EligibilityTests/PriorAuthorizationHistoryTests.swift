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

    // MARK: The entry memo

    static func detail(_ id: String, number: String?, items: [CaseItem]) -> CaseDetail {
        let received = Date(timeIntervalSince1970: 1_775_000_000)
        var paCase = PACase(
            id: id, submitter: "org-clinic-1", requestIdentifier: RequestIdentifier(system: "", value: id),
            memberID: "M1001", urgency: .standard, receivedAt: received, dueAt: received.addingTimeInterval(7 * 86_400),
            requestJSON: "")
        paCase.authorizationNumber = number
        return CaseDetail(paCase: paCase, items: items)
    }

    static func item(_ id: String, _ sequence: Int) -> CaseItem {
        CaseItem(
            caseID: id, sequence: sequence, service: mri, quantity: StoredQuantity(value: "\(sequence)", unit: "visit"),
            servicePeriod: ServicePeriod(start: "2026-05-01", end: "2026-05-31"))
    }

    /// A case decided since the last read, or given a new number, is read anew; the others are kept.
    @Test func theMemoKeepsUnchangedCasesAndRereadsChangedOnes() {
        let memo = PriorAuthorizationEntryMemo(capacity: 10)
        var cases = [
            Self.detail("GL-A", number: "AUTH-A", items: [Self.item("GL-A", 1)]),
            Self.detail("GL-B", number: "AUTH-B", items: [Self.item("GL-B", 1), Self.item("GL-B", 2)]),
        ]
        let first = PriorAuthorizationHistory(cases: cases, memo: memo)
        #expect(memo.count == 2)
        #expect(PriorAuthorizationHistory(cases: cases, memo: memo).json == first.json)

        cases[1].items[1].status = .approved
        cases[1].items[1].reviewAction = .certified
        let decided = PriorAuthorizationHistory(cases: cases, memo: memo)
        #expect(decided.json[2]?["status"] == "certified")
        #expect(decided.authorizationNumber(system: Self.mri.system, code: Self.mri.code) == "AUTH-B")

        cases[1].paCase.authorizationNumber = "AUTH-B2"
        #expect(PriorAuthorizationHistory(cases: cases, memo: memo)
            .authorizationNumber(system: Self.mri.system, code: Self.mri.code) == "AUTH-B2")
        #expect(memo.count == 2)
    }

    /// Past its capacity the memo starts over, and what it answers is still right.
    @Test func pastItsCapacityTheMemoStartsOver() {
        let memo = PriorAuthorizationEntryMemo(capacity: 2)
        let cases = (1...3).map { Self.detail("GL-\($0)", number: nil, items: [Self.item("GL-\($0)", $0)]) }
        let history = PriorAuthorizationHistory(cases: cases, memo: memo)
        #expect(memo.count <= 2)
        #expect(history.json == PriorAuthorizationHistory(cases: cases, memo: nil).json)
    }

    /// Against building every entry anew, over random decisions, renumberings and new cases.
    @Test func theMemoAnswersAsBuildingAnewDoes() {
        let memo = PriorAuthorizationEntryMemo(capacity: 6)
        var generator = SystemRandomNumberGenerator()
        var cases: [CaseDetail] = []
        let actions: [ReviewAction?] = [nil, .certified, .notCertified, .modified, .pended, .cancelled]
        for round in 0..<400 {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0, _ where cases.isEmpty:
                let id = "GL-\(round)"
                cases.insert(Self.detail(id, number: nil, items: [Self.item(id, 1), Self.item(id, 2)]), at: 0)
                if cases.count > 8 { cases.removeLast() }
            case 1:
                let index = Int.random(in: 0..<cases.count, using: &generator)
                cases[index].paCase.authorizationNumber = Bool.random(using: &generator) ? nil : "AUTH-\(round)"
            default:
                let index = Int.random(in: 0..<cases.count, using: &generator)
                let item = Int.random(in: 0..<2, using: &generator)
                cases[index].items[item].reviewAction = actions.randomElement(using: &generator)!
                cases[index].items[item].authorizedQuantity =
                    Bool.random(using: &generator) ? nil : StoredQuantity(value: "\(round)", unit: "visit")
            }
            let kept = PriorAuthorizationHistory(cases: cases, memo: memo)
            let fresh = PriorAuthorizationHistory(cases: cases, memo: nil)
            #expect(kept.json == fresh.json)
            #expect(kept.entries.map(\.authorizationNumber) == fresh.entries.map(\.authorizationNumber))
        }
    }
}
