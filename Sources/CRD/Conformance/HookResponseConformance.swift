import FHIR

/// Checks a CDS Hooks response as sent — JSON, not the service's model — against what the
/// Inferno CRD test kit and the CRD guide require: the card, suggestion, link and action
/// shapes of CDS Hooks 2.0, and the coverage-information extension's cardinalities and
/// invariants q1–q7 (plus: supporting hooks never signal clinical or admin doc-needed).
///
/// The tests of every layer run it on every answer; it is also a tool for EHR integrators.
public enum HookResponseConformance {
    /// Everything wrong with `response` for `hook`; empty when it conforms.
    public static func problems(in response: JSON, hook: HookName) -> [String] {
        var problems: [String] = []
        guard let cards = response["cards"]?.array else { return ["cards is missing or not an array"] }
        for (index, card) in cards.enumerated() {
            problems += cardProblems(card).map { "cards[\(index)]: \($0)" }
        }
        let actions = response["systemActions"]?.array ?? []
        for (index, action) in actions.enumerated() {
            problems += actionProblems(action).map { "systemActions[\(index)]: \($0)" }
            guard let information = action["resource"]?.extensions(url: CoverageInformation.url).last else { continue }
            problems += coverageInformationProblems(information, hook: hook).map { "systemActions[\(index)] coverage-information: \($0)" }
        }
        if hook.isPrimary, actions.isEmpty, response["systemActions"] != nil {
            problems.append("systemActions is present but empty (omit empty arrays)")
        }
        return problems
    }

    static func cardProblems(_ card: JSON) -> [String] {
        var problems: [String] = []
        let summary = card["summary"]?.string ?? ""
        if summary.isEmpty || summary.unicodeScalars.count >= 140 { problems.append("summary must be 1–139 characters: \(summary)") }
        if !["info", "warning", "critical"].contains(card["indicator"]?.string ?? "") { problems.append("indicator") }
        if card["source"]?["label"]?.string?.isEmpty != false { problems.append("source.label") }
        if card["source"]?["topic"]?["system"]?.string == nil || card["source"]?["topic"]?["code"]?.string == nil {
            problems.append("source.topic needs a system and a code")
        }
        if card["uuid"]?.string == nil { problems.append("uuid") }
        let suggestions = card["suggestions"]?.array ?? []
        if !suggestions.isEmpty, !["at-most-one", "any"].contains(card["selectionBehavior"]?.string ?? "") {
            problems.append("selectionBehavior is required with suggestions")
        }
        for (index, suggestion) in suggestions.enumerated() {
            if suggestion["uuid"]?.string == nil { problems.append("suggestions[\(index)].uuid") }
            if suggestion["label"]?.string?.isEmpty != false { problems.append("suggestions[\(index)].label") }
            let actions = suggestion["actions"]?.array ?? []
            if actions.isEmpty { problems.append("suggestions[\(index)] has no actions") }
            for (position, action) in actions.enumerated() {
                problems += actionProblems(action).map { "suggestions[\(index)].actions[\(position)]: \($0)" }
            }
        }
        for (index, link) in (card["links"]?.array ?? []).enumerated() {
            if link["label"]?.string == nil || link["url"]?.string == nil { problems.append("links[\(index)] needs label and url") }
            switch link["type"]?.string {
            case "absolute":
                if link["appContext"] != nil { problems.append("links[\(index)].appContext is only for smart links") }
                if link["url"]?.string?.hasPrefix("http") != true { problems.append("links[\(index)].url must be absolute") }
            case "smart": break
            default: problems.append("links[\(index)].type must be absolute or smart")
            }
        }
        return problems
    }

    static func actionProblems(_ action: JSON) -> [String] {
        var problems: [String] = []
        let type = action["type"]?.string ?? ""
        if !["create", "update", "delete"].contains(type) { problems.append("type must be create, update or delete") }
        if action["description"]?.string?.isEmpty != false { problems.append("description is required") }
        if type == "delete" {
            if action["resourceId"]?.string == nil { problems.append("a delete needs resourceId") }
        } else if action["resource"]?.resourceType == nil {
            problems.append("a \(type) needs a resource")
        }
        return problems
    }

    /// q1–q7 and the required sub-extensions of one coverage-information extension.
    public static func coverageInformationProblems(_ information: JSON, hook: HookName) -> [String] {
        var problems: [String] = []
        func require(_ holds: Bool, _ what: String) { if !holds { problems.append(what) } }
        let covered = information.subExtensionCode("covered")
        let paNeeded = information.subExtensionCode("pa-needed")
        let docNeeded = information.subExtensionCodes("doc-needed")
        let docPurpose = information.subExtensionCodes("doc-purpose")
        let infoNeeded = information.subExtensionCodes("info-needed")
        let reasons = information.subExtensionValues("reason")
        require(information["url"]?.string == CoverageInformation.url, "url")
        require(information.subExtensionValues("coverage").count == 1, "coverage 1..1")
        require(["covered", "not-covered", "conditional"].contains(covered ?? ""), "covered 1..1")
        require(information.subExtensionValues("date").count == 1, "date 1..1")
        require(information.subExtensionValues("coverage-assertion-id").count == 1, "coverage-assertion-id 1..1")
        require(information.subExtensionValues("pa-needed").count <= 1, "pa-needed 0..1")
        require(information.subExtensionValues("questionnaire").isEmpty || !docNeeded.isEmpty, "q1: questionnaire needs doc-needed")
        require(covered != "not-covered" || paNeeded == nil, "q2: not-covered has no pa-needed")
        let conditional = covered == "conditional" || paNeeded == "conditional" || docNeeded.contains("conditional")
        require(!conditional || !infoNeeded.isEmpty, "q3: conditional needs info-needed")
        require(paNeeded != "satisfied" || !docPurpose.contains("withpa"), "q4: satisfied has no withpa")
        require((information.subExtensionValues("satisfied-pa-id").count == 1) == (paNeeded == "satisfied"), "q5: satisfied-pa-id iff satisfied")
        require(!infoNeeded.contains("OTH") || !reasons.isEmpty, "q6: info-needed OTH needs a reason")
        for reason in reasons {
            let codes = (reason["coding"]?.array ?? []).compactMap { $0["code"]?.string }
            let inValueSet = !codes.isEmpty && codes.allSatisfy(CRDCodes.coverageAssertionReasons.contains)
            require(inValueSet || reason["text"]?.string != nil, "q7: a reason outside the value set needs text")
        }
        if !hook.isPrimary {
            require(!docNeeded.contains("clinical") && !docNeeded.contains("admin"), "supporting hooks never signal clinical or admin doc-needed")
        }
        return problems
    }
}
