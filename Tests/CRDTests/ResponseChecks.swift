import CaseStore
import FHIR
import Testing

@testable import CRD

/// What every answer must satisfy, checked on the JSON sent (not on the service's own model):
/// the CDS Hooks response shape Inferno checks, CRD's rules for coverage information, and the
/// profile's invariants q1–q7. Every test that decides runs these.
enum ResponseChecks {
    static let cardTypes = Set(CardType.allCases.map(\.rawValue))

    static func verify(_ decision: HookDecision, for data: HookData) {
        #expect(decision.violations.isEmpty, "engine produced invalid coverage-information: \(decision.violations)")
        let body = decision.response.json
        guard let cards = body["cards"]?.array else {
            Issue.record("cards is missing")
            return
        }
        for card in cards { checkCard(card) }
        let actions = body["systemActions"]?.array ?? []
        for action in actions { checkAction(action) }

        let hook = data.request.hook
        let inScope = CoverageRequirementsService.inScopeOrders(data)
        if hook.isPrimary {
            #expect(actions.count == inScope.count, "a primary hook answers every in-scope order")
        }
        // Ours: the last coverage-information (an order may carry other payers' answers too).
        let ours = actions.map { $0["resource"]?.extensions(url: CRDCodes.coverageInformation).last }
        #expect(!ours.contains(nil), "every system action carries coverage-information")
        let ids = Set(ours.compactMap { $0?.code("coverage-assertion-id") })
        for information in ours.compactMap({ $0 }) {
            for problem in invariantProblems(information, hook: hook) { Issue.record("\(problem)\n\(information)") }
        }
        #expect(ids.count <= 1, "one Coverage per response: one assertion id, got \(ids)")
        #expect(Set(decision.assertions.map(\.id)) == ids)
        #expect(decision.assertions.count == actions.count)
        for (assertion, (action, sent)) in zip(decision.assertions, zip(actions, ours)) {
            #expect((try? JSON.parse(assertion.extensionJSON)) == sent, "the stored extension is the one sent")
            #expect(assertion.orderReference == action["resource"]?.address?.relative)
        }
    }

    static func checkCard(_ card: JSON) {
        let summary = card["summary"]?.string ?? ""
        #expect(!summary.isEmpty && summary.unicodeScalars.count < 140, "summary: \(summary)")
        #expect(["info", "warning", "critical"].contains(card["indicator"]?.string ?? ""))
        #expect(card["source"]?["label"]?.string?.isEmpty == false)
        #expect(card["source"]?["topic"]?["system"]?.string == CRDCodes.temp)
        #expect(cardTypes.contains(card["source"]?["topic"]?["code"]?.string ?? ""))
        #expect(card["uuid"]?.string != nil)
        let suggestions = card["suggestions"]?.array ?? []
        if !suggestions.isEmpty {
            #expect(["at-most-one", "any"].contains(card["selectionBehavior"]?.string ?? ""))
        }
        for suggestion in suggestions {
            #expect(suggestion["uuid"]?.string != nil, "every suggestion has a uuid")
            #expect(suggestion["label"]?.string?.isEmpty == false)
            let actions = suggestion["actions"]?.array ?? []
            #expect(!actions.isEmpty)
            for action in actions { checkAction(action) }
        }
        for link in card["links"]?.array ?? [] {
            #expect(link["type"]?.string == "absolute")
            #expect(link["url"]?.string?.hasPrefix("http") == true && link["label"]?.string != nil)
        }
    }

    static func checkAction(_ action: JSON) {
        let type = action["type"]?.string
        #expect(["create", "update", "delete"].contains(type ?? ""))
        #expect(action["description"]?.string?.isEmpty == false, "actions need a description")
        if type == "delete" {
            #expect(action["resourceId"]?.string != nil)
        } else {
            #expect(action["resource"]?.resourceType != nil)
        }
    }

    /// q1–q7 of the coverage-information profile, CRD's rule for supporting hooks, and the
    /// required sub-extensions, read from the JSON.
    static func invariantProblems(_ information: JSON, hook: HookName) -> [String] {
        var problems: [String] = []
        func require(_ holds: Bool, _ what: String) { if !holds { problems.append(what) } }
        let covered = information.code("covered")
        let paNeeded = information.code("pa-needed")
        let docNeeded = information.codes("doc-needed")
        let docPurpose = information.codes("doc-purpose")
        let infoNeeded = information.codes("info-needed")
        let reasons = information.sub("reason")
        require(information["url"]?.string == CRDCodes.coverageInformation, "url")
        require(information.sub("coverage").count == 1, "coverage 1..1")
        require(["covered", "not-covered", "conditional"].contains(covered ?? ""), "covered 1..1")
        require(information.sub("date").count == 1, "date 1..1")
        require(information.sub("coverage-assertion-id").count == 1, "coverage-assertion-id 1..1")
        require(information.sub("pa-needed").count <= 1, "pa-needed 0..1")
        require(information.sub("questionnaire").isEmpty || !docNeeded.isEmpty, "q1")
        require(covered != "not-covered" || paNeeded == nil, "q2")
        let conditional = covered == "conditional" || paNeeded == "conditional" || docNeeded.contains("conditional")
        require(!conditional || !infoNeeded.isEmpty, "q3")
        require(paNeeded != "satisfied" || !docPurpose.contains("withpa"), "q4")
        require((information.sub("satisfied-pa-id").count == 1) == (paNeeded == "satisfied"), "q5")
        require(!infoNeeded.contains("OTH") || !reasons.isEmpty, "q6")
        for reason in reasons {
            let codes = (reason["coding"]?.array ?? []).compactMap { $0["code"]?.string }
            let inValueSet = !codes.isEmpty && codes.allSatisfy(CRDCodes.coverageAssertionReasons.contains)
            require(inValueSet || reason["text"]?.string != nil, "q7")
        }
        if !hook.isPrimary {
            require(!docNeeded.contains("clinical") && !docNeeded.contains("admin"), "supporting hook doc-needed")
        }
        return problems
    }
}
