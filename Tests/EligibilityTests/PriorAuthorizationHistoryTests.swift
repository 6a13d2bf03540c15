import CaseStore
import FHIR
import Foundation
import Testing

@testable import Eligibility

/// The rules' history list, built once per list of cases (``PriorAuthorizationHistory/of(_:)``).
struct PriorAuthorizationHistoryTests {
    static func detail(_ id: String, code: String, action: ReviewAction? = nil) -> CaseDetail {
        let received = Date(timeIntervalSince1970: 1_780_000_000)
        return CaseDetail(
            paCase: PACase(
                id: id, submitter: "org-1", requestIdentifier: RequestIdentifier(system: "urn:tx", value: id), memberID: "M1001",
                urgency: .standard, receivedAt: received, dueAt: received.addingTimeInterval(7 * 86_400), requestJSON: ""),
            items: [CaseItem(
                caseID: id, sequence: 1, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: code),
                reviewAction: action)])
    }

    static func statuses(_ history: PriorAuthorizationHistory) -> [String] {
        history.entries.map { "\($0.service.code):\($0.status)" }
    }

    @Test func theSameListGivesTheSameHistory() {
        let cases = [Self.detail("GL-1", code: "72148", action: .certified)]
        let first = PriorAuthorizationHistory.of(cases)
        let again = PriorAuthorizationHistory.of(cases)
        #expect(Self.statuses(first) == ["72148:certified"])
        #expect(again.json == first.json)
    }

    /// A list that grew or changed is another list: its history is built from it, never taken
    /// from the memo of the list it was copied from.
    @Test func aChangedListGivesItsOwnHistory() {
        var cases = [Self.detail("GL-1", code: "72148", action: .certified)]
        #expect(Self.statuses(.of(cases)) == ["72148:certified"])
        cases.insert(Self.detail("GL-2", code: "E0601"), at: 0)
        #expect(Self.statuses(.of(cases)) == ["E0601:received", "72148:certified"])
        // Changed in place after it was seen: the memo holds the old buffer, so this is a copy.
        cases[1].items[0].reviewAction = .notCertified
        #expect(Self.statuses(.of(cases)) == ["E0601:received", "72148:not-certified"])
        #expect(Self.statuses(.of([])) == [])
    }
}
