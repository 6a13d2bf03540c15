import FHIR
import Foundation
import Testing

@Suite("OperationOutcome")
struct OperationOutcomeTests {
    @Test func jsonShape() throws {
        let outcome = OperationOutcome.error(.required, "Claim.patient is missing.", expression: ["Claim.patient"])
        let expected = try JSON.parse(
            #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"required","diagnostics":"Claim.patient is missing.","expression":["Claim.patient"]}]}"#
        )
        #expect(outcome.json == expected)
        #expect(outcome.json.serialized() == expected.serialized())  // Same member order too.
        #expect(try OperationOutcome(json: outcome.json) == outcome)
        #expect(outcome.hasErrors)
    }

    @Test func optionalElementsAreOmitted() {
        let outcome = OperationOutcome(issues: [.init(severity: .information, code: .informational)])
        #expect(outcome.json == ["resourceType": "OperationOutcome", "issue": [["severity": "information", "code": "informational"]]])
        #expect(!outcome.hasErrors)
        #expect(OperationOutcome(issues: []).json["issue"]?.array?.count == 1)  // FHIR requires one.
    }

    @Test func issueTypeCodes() {
        #expect(OperationOutcome.IssueType.allCases.count == 31)
        #expect(OperationOutcome.IssueType.notSupported.rawValue == "not-supported")
        #expect(OperationOutcome.IssueType.multipleMatches.rawValue == "multiple-matches")
        #expect(OperationOutcome.IssueType.businessRule.rawValue == "business-rule")
        #expect(OperationOutcome.IssueType.extension.rawValue == "extension")
        #expect(OperationOutcome.Severity.allCases.map(\.rawValue) == ["fatal", "error", "warning", "information"])
    }

    @Test func readsTheOfficialExample() throws {
        let json = try JSON.parse(data: Fixtures.data("pas/ig-2.2.1/OperationOutcome-InvalidRequestResponse.json"))
        let outcome = try OperationOutcome(json: json)
        #expect(!outcome.issues.isEmpty)
        #expect(outcome.hasErrors)
    }

    @Test func detailsRoundTrip() throws {
        let issue = OperationOutcome.Issue(
            severity: .warning, code: .businessRule, diagnostics: "Pended",
            details: CodeableConcept(Coding(system: "https://codesystem.x12.org/005010/901", code: "A4")))
        let outcome = OperationOutcome(issues: [issue])
        #expect(outcome.json["issue"]?[0]?.object?.keys == ["severity", "code", "details", "diagnostics"])
        #expect(try OperationOutcome(json: outcome.json) == outcome)
    }

    @Test func rejectsWhatIsNotAnOutcome() {
        #expect(throws: OperationOutcome.self) { try OperationOutcome(json: ["resourceType": "Patient"]) }
        #expect(throws: OperationOutcome.self) { try OperationOutcome(json: ["resourceType": "OperationOutcome"]) }
        do {
            _ = try OperationOutcome(json: ["resourceType": "OperationOutcome", "issue": [["severity": "error", "code": "bogus"]]])
            Issue.record("accepted an unknown code")
        } catch {
            #expect(error.issues.first?.expression == ["OperationOutcome.issue[0].code"])
        }
    }

    @Test func isAThrowableError() {
        func fail() throws { throw OperationOutcome.error(.notFound, "No Claim/x.") }
        #expect(throws: OperationOutcome.error(.notFound, "No Claim/x.")) { try fail() }
        #expect(OperationOutcome.error(.notFound, "No Claim/x.", expression: ["Claim"]).description == "error not-found: No Claim/x. (Claim)")
    }
}
