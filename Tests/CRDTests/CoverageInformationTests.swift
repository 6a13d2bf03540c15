import FHIR
import Rules
import Testing

@testable import CRD

/// The extension model on its own: the invariants it checks, the corrections it makes.
@Suite struct CoverageInformationTests {
    static let context = CoverageInformationContext(
        hook: .orderSign, coverage: Reference(reference: "Coverage/c1"), assertionID: "crd-test", date: today)

    static func information(_ change: (inout CoverageInformation) -> Void) -> CoverageInformation {
        var information = CoverageInformation(
            coverage: context.coverage, covered: .covered, paNeeded: .noAuth, date: today, assertionID: "crd-test")
        change(&information)
        return information
    }

    @Test func eachInvariantIsChecked() {
        let cases: [(String, CoverageInformation)] = [
            ("q1", Self.information { $0.questionnaires = ["http://q"] }),
            ("q2", Self.information { $0.covered = .notCovered }),
            ("q3", Self.information { $0.covered = .conditional }),
            ("q4", Self.information { $0.paNeeded = .satisfied; $0.satisfiedPAID = "PA1"; $0.docPurpose = [.withPA] }),
            ("q5", Self.information { $0.satisfiedPAID = "PA1" }),
            ("q5", Self.information { $0.paNeeded = .satisfied }),
            ("q6", Self.information { $0.infoNeeded = [.other] }),
            ("q7", Self.information { $0.reasons = [.init(code: "benefit-limit")] }),
        ]
        for (rule, information) in cases {
            #expect(information.validate().map(\.rule) == [rule], "\(rule): \(information.validate())")
            let problems = HookResponseConformance.coverageInformationProblems(information.json, hook: .orderSign)
            #expect(problems.contains { $0.hasPrefix("\(rule):") }, "the JSON checker agrees on \(rule): \(problems)")
        }
        #expect(Self.information { $0.reasons = [.init(code: "gold-card")] }.validate().isEmpty)
        #expect(Self.information { $0.docNeeded = [.clinical] }.validate(on: .orderSelect).map(\.rule) == ["supporting-hook"])
    }

    @Test func aSatisfiedRequirementCarriesThePANumberAndNoWithPA() {
        let decision = CoverageDecision(covered: .covered, paNeeded: .satisfied, docNeeded: .clinical, docPurpose: [.withPA, .withClaim])
        let information = CoverageInformation(decision: decision, policyLink: nil, context: Self.context, satisfiedPAID: "PA-77")
        #expect(information.satisfiedPAID == "PA-77")
        #expect(information.docPurpose == [.withClaim])
        #expect(information.validate().isEmpty)
        let unnumbered = CoverageInformation(decision: decision, policyLink: nil, context: Self.context)
        #expect(unnumbered.satisfiedPAID == "crd-test", "the assertion id stands in")
    }

    @Test func ruleCodesMapToCRD21() {
        let decision = CoverageDecision(
            covered: .conditional, paNeeded: .conditional, docNeeded: .both, docPurpose: [.other],
            infoNeeded: [.contract, .detailCode], questionnaires: ["http://q"],
            reasons: [.init(code: "benefit-limit", text: nil)])
        let information = CoverageInformation(decision: decision, policyLink: "https://p", context: Self.context)
        #expect(information.docNeeded == [.clinical, .admin])
        #expect(information.docPurpose == [.other])
        #expect(information.infoNeeded == [.contractWindow, .other])
        #expect(information.reasons == [.init(code: "benefit-limit", text: "benefit-limit"), .init(code: "detail-code", text: "A more specific billing code is needed.")])
        #expect(information.reasons[0].json == ["text": "benefit-limit"], "outside the value set: text only")
        #expect(information.reasons[1].json["coding"]?[0]?["code"] == "detail-code")
        #expect(information.policyLink == "https://p")
        #expect(information.validate().isEmpty)
    }

    @Test func supportingHooksDropDocumentation() {
        let decision = CoverageDecision(
            covered: .conditional, paNeeded: .authNeeded, docNeeded: .conditional, docPurpose: [.withPA], questionnaires: ["http://q"])
        var context = Self.context
        context.hook = .encounterStart
        let information = CoverageInformation(decision: decision, policyLink: nil, context: context)
        #expect(information.docNeeded.isEmpty && information.questionnaires.isEmpty && information.docPurpose.isEmpty)
        #expect(information.infoNeeded == [.other] && !information.reasons.isEmpty)
        #expect(information.validate(on: .encounterStart).isEmpty)
    }

    @Test func theExtensionIsWrittenInTheProfilesOrder() {
        let information = Self.information { information in
            information.covered = .covered
            information.billingCodes = [Coding(system: Codes.cpt, code: "72148")]
            information.details = [.allowedQuantity(value: JSONNumber(1), unit: "study"), .allowedPeriod(start: "2026-11-23", end: "2027-01-21")]
            information.expiryDate = "2027-01-21"
        }
        let urls = information.json["extension"]?.array?.compactMap { $0["url"]?.string }
        #expect(urls == ["coverage", "covered", "pa-needed", "billingCode", "detail", "detail", "date", "coverage-assertion-id", "expiry-date"])
        let period = information.json.sub("detail")[1]
        #expect(period.extension(url: "value")?["valuePeriod"] == ["start": "2026-11-23", "end": "2027-01-21"])
    }

    @Test func summariesStayUnder140Characters() {
        let long = String(repeating: "Magnetic resonance imaging ", count: 8)
        let fitted = CardSummary.fitted(long)
        #expect(fitted.unicodeScalars.count < 140 && fitted.hasSuffix("…"))
        #expect(CardSummary.fitted("Short") == "Short")
        let exactly140 = String(repeating: "x", count: 140)
        #expect(CardSummary.fitted(exactly140).unicodeScalars.count == 139)
        let accents = String(repeating: "e\u{301}", count: 100)  // 100 characters, 200 scalars
        #expect(CardSummary.fitted(accents).unicodeScalars.count < 140)
    }
}
