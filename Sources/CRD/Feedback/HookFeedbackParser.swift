import CaseStore
import FHIR
import Foundation

/// Reads a CDS Hooks 2.0 feedback body (`{"feedback": [{card, outcome, acceptedSuggestions,
/// overrideReason, outcomeTimestamp}]}`) into rows to store. Every problem is reported at once,
/// each with its path; nothing is stored unless the whole body is valid.
public enum HookFeedbackParser {
    public static func parse(
        _ body: [UInt8], serviceID: String, clientID: String, receivedAt: Date
    ) throws(HookError) -> [HookFeedback] {
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            throw HookError(.badRequest, .structure, "The feedback is not JSON: \(error.description)")
        }
        guard case .object = json else {
            throw HookError(.badRequest, .structure, "The feedback must be a JSON object")
        }
        guard let entries = json["feedback"]?.array, !entries.isEmpty else {
            throw HookError(.unprocessableContent, .required, "feedback must be a non-empty array", path: "feedback")
        }
        var issues: [OperationOutcome.Issue] = []
        func problem(_ path: String, _ message: String, _ code: OperationOutcome.IssueType = .invalid) {
            issues.append(.init(severity: .error, code: code, diagnostics: message, expression: [path]))
        }
        var rows: [HookFeedback] = []
        for (index, entry) in entries.enumerated() {
            let path = "feedback[\(index)]"
            guard case .object = entry else {
                problem(path, "each feedback entry must be an object")
                continue
            }
            let card = entry["card"]?.string
            if card?.isEmpty ?? true { problem("\(path).card", "card (the card's uuid) is required", .required) }
            let outcome = entry["outcome"]?.string
            if outcome != "accepted", outcome != "overridden" {
                problem("\(path).outcome", "outcome must be accepted or overridden")
            }
            let timestamp = entry["outcomeTimestamp"]?.string
            if timestamp.flatMap({ FHIRInstant($0) }) == nil {
                problem("\(path).outcomeTimestamp", "outcomeTimestamp must be an ISO 8601 instant with a time zone", .required)
            }
            var accepted: [String] = []
            if let suggestions = entry["acceptedSuggestions"] {
                if let list = suggestions.array, list.allSatisfy({ $0["id"]?.string != nil }) {
                    accepted = list.compactMap { $0["id"]?.string }
                } else {
                    problem("\(path).acceptedSuggestions", "acceptedSuggestions must be a list of {\"id\": uuid}")
                }
                if outcome == "overridden", !accepted.isEmpty {
                    problem("\(path).acceptedSuggestions", "an overridden card has no accepted suggestions")
                }
            }
            var reasonJSON: String?
            var comment: String?
            if let override = entry["overrideReason"] {
                if outcome != "overridden" { problem("\(path).overrideReason", "overrideReason goes with outcome overridden") }
                if let reason = override["reason"] {
                    if reason["code"]?.string == nil {
                        problem("\(path).overrideReason.reason", "reason must be a Coding with a code")
                    } else {
                        reasonJSON = reason.serializedString()
                    }
                }
                comment = override["userComment"]?.string
            }
            if let card, let outcome, let timestamp {
                rows.append(HookFeedback(
                    serviceID: serviceID, clientID: clientID, card: card, outcome: outcome, outcomeTimestamp: timestamp,
                    acceptedSuggestions: accepted, overrideReasonJSON: reasonJSON, userComment: comment,
                    receivedAt: receivedAt))
            }
        }
        guard issues.isEmpty else { throw HookError(.unprocessableContent, OperationOutcome(issues: issues)) }
        return rows
    }
}
