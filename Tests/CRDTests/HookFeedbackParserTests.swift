import CaseStore
import FHIR
import Foundation
import Testing
@testable import CRD

@Suite struct HookFeedbackParserTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func parse(_ text: String) throws(HookError) -> [HookFeedback] {
        try HookFeedbackParser.parse(Array(text.utf8), serviceID: "greenlight-order-sign", clientID: "demo-ehr", receivedAt: now)
    }

    /// The CDS Hooks 2.0 examples: an accepted card with its suggestion, an overridden one with a reason.
    @Test func acceptedAndOverriddenCards() throws {
        let rows = try parse("""
            { "feedback": [
              { "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719", "outcome": "accepted",
                "acceptedSuggestions": [ { "id": "e56e1945-20b3-4393-8503-a1a20fd73152" } ],
                "outcomeTimestamp": "2026-11-23T14:45:00Z" },
              { "card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
                "overrideReason": { "reason": { "code": "reason-code-provided-by-service", "system": "http://example.org/cds-services/fhir/CodeSystem/override-reasons", "display": "Patient refused" },
                  "userComment": "Will revisit next visit" },
                "outcomeTimestamp": "2026-11-23T14:46:00-05:00" } ] }
            """)
        #expect(rows.count == 2)
        #expect(rows[0].acceptedSuggestions == ["e56e1945-20b3-4393-8503-a1a20fd73152"])
        #expect(rows[1].outcome == "overridden")
        #expect(rows[1].userComment == "Will revisit next visit")
        #expect(rows[1].overrideReasonJSON?.contains("reason-code-provided-by-service") == true)
        #expect(rows.allSatisfy { $0.clientID == "demo-ehr" && $0.serviceID == "greenlight-order-sign" && $0.receivedAt == now })
    }

    @Test func everyProblemIsNamedByPath() {
        #expect {
            try parse("""
                { "feedback": [ { "outcome": "maybe", "outcomeTimestamp": "yesterday" },
                                { "card": "c", "outcome": "overridden", "acceptedSuggestions": [ { "id": "s" } ], "outcomeTimestamp": "2026-11-23T14:45:00Z" } ] }
                """)
        } throws: { error in
            guard let error = error as? HookError, error.status == .unprocessableContent else { return false }
            let paths = error.outcome.issues.flatMap(\.expression)
            return paths == ["feedback[0].card", "feedback[0].outcome", "feedback[0].outcomeTimestamp", "feedback[1].acceptedSuggestions"]
        }
    }

    @Test func notJSONIsABadRequest() {
        #expect { try parse("feedback!") } throws: { ($0 as? HookError)?.status == .badRequest }
        #expect { try parse(#"{"feedback": []}"#) } throws: { ($0 as? HookError)?.status == .unprocessableContent }
    }
}
