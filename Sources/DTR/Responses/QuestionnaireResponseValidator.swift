import FHIR

/// Checks a QuestionnaireResponse against the Questionnaire it answers, and against the DTR
/// profile when it is complete. Every problem is an issue whose expression is the FHIRPath of
/// the element (`QuestionnaireResponse.item[1].answer[0]`), or of the missing one
/// (`QuestionnaireResponse.item.where(linkId='study').item.where(linkId='test-date')`).
struct QuestionnaireResponseValidator: Sendable {
    enum Mode: Sendable {
        /// A response to keep: every enabled required item answered, DTR's context and
        /// `information-origin` on every answer.
        case complete
        /// The answers so far of an adaptive form (`$next-question`): structure, types and the
        /// required items of the questions already asked.
        case adaptive
    }

    let questionnaire: JSON
    let mode: Mode

    func problems(in response: JSON) -> [OperationOutcome.Issue] {
        var issues: [OperationOutcome.Issue] = []
        func add(_ code: OperationOutcome.IssueType, _ message: String, _ path: String) {
            issues.append(.init(severity: .error, code: code, diagnostics: message, expression: [path]))
        }
        let root = "QuestionnaireResponse"
        // FHIR's JSON rules first: an answer `valueDate` that is no date, a `valueInteger` in
        // quotes, an empty string — what every reader of the response would trip over.
        issues += StructureValidator().validate(response, expectedType: root)
        if mode == .complete {
            ResponseContextChecks.check(response, add: add)
        }
        let enable = EnableWhen(response: response)
        checkItems(
            given: response["item"]?.array ?? [], expected: questionnaire["item"]?.array ?? [], path: root,
            enable: enable, add: add)
        return issues
    }

    /// Matches the response's items to the form's at one level, then descends.
    private func checkItems(
        given: [JSON], expected: [JSON], path: String, enable: EnableWhen,
        add: (OperationOutcome.IssueType, String, String) -> Void
    ) {
        var byLink: [String: JSON] = [:]
        for item in expected { if let link = item["linkId"]?.string { byLink[link] = item } }
        for (index, item) in given.enumerated() {
            let here = "\(path).item[\(index)]"
            guard let link = item["linkId"]?.string else {
                add(.required, "Every item needs a linkId.", "\(here).linkId")
                continue
            }
            guard let definition = byLink[link] else {
                add(.structure, "Item \"\(link)\" is not a question of this form here.", "\(here).linkId")
                continue
            }
            checkAnswers(item, definition: definition, path: here, add: add)
            let children = definition["item"]?.array ?? []
            checkItems(given: item["item"]?.array ?? [], expected: children, path: here, enable: enable, add: add)
            for (position, answer) in (item["answer"]?.array ?? []).enumerated() where answer["item"] != nil {
                checkItems(
                    given: answer["item"]?.array ?? [], expected: children, path: "\(here).answer[\(position)]", enable: enable,
                    add: add)
            }
        }
        // Required questions that are enabled and absent (or present without an answer).
        for definition in expected where definition["required"]?.bool == true && enable.isEnabled(definition) {
            guard let link = definition["linkId"]?.string, let type = definition["type"]?.string, type != "display" else { continue }
            let present = given.first { $0["linkId"]?.string == link }
            let answered = type == "group" ? present != nil : !(present?["answer"]?.array ?? []).isEmpty
            guard !answered else { continue }
            // An adaptive form's questions are all asked at once per step, so there too a
            // required question without an answer is an error.
            let text = definition["text"]?.string.map { " (\($0))" } ?? ""
            add(.required, "Item \"\(link)\"\(text) is required and has no answer.", "\(path).item.where(linkId='\(link)')")
        }
    }

    private func checkAnswers(_ item: JSON, definition: JSON, path: String, add: (OperationOutcome.IssueType, String, String) -> Void) {
        let answers = item["answer"]?.array ?? []
        let type = definition["type"]?.string ?? ""
        let link = definition["linkId"]?.string ?? ""
        if type == "group" || type == "display" {
            if !answers.isEmpty { add(.structure, "Item \"\(link)\" is a \(type) and takes no answer.", "\(path).answer") }
            return
        }
        if answers.count > 1, definition["repeats"]?.bool != true {
            add(.structure, "Item \"\(link)\" takes one answer; \(answers.count) were given.", "\(path).answer")
        }
        let allowed = AnswerTypes.allowedKeys(for: type, item: definition)
        for (index, answer) in answers.enumerated() {
            let here = "\(path).answer[\(index)]"
            guard let key = AnswerTypes.valueKey(of: answer) else {
                add(.required, "An answer to \"\(link)\" has no value.", here)
                continue
            }
            guard allowed.contains(key) else {
                add(.value, "Item \"\(link)\" is a \(type) question; \(key) does not answer it (expected \(allowed.sorted().joined(separator: " or "))).", "\(here).\(key)")
                continue
            }
            if type == "choice", !AnswerTypes.isOption(answer, of: definition) {
                add(.codeInvalid, "The answer to \"\(link)\" is not one of its options.", "\(here).\(key)")
            }
            if mode == .complete {
                InformationOriginCheck.check(answer, path: here, link: link, add: add)
            }
        }
    }
}
