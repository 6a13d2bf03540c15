import CaseStore
import FHIR
import Foundation
import Rules

/// `Questionnaire/$next-question` (SDC adaptive forms, as DTR uses them): the client sends the
/// response so far; the policy behind the form (`next_question`) picks the next items, which
/// are appended to the contained Questionnaire — or the response is `completed` when the
/// policy has nothing more to ask. A completed response that names a CRD assertion the store
/// knows carries that assertion restated (``CompletedCoverageInformation``).
public struct NextQuestionService: Sendable {
    let catalog: QuestionnaireCatalog
    let rules: RuleEngine
    let timeZone: TimeZone
    /// Where CRD's assertions are found; without it, completed responses get no
    /// coverage-information.
    let store: (any CaseStore)?

    public init(
        catalog: QuestionnaireCatalog, rules: RuleEngine, timeZone: TimeZone, store: (any CaseStore)? = nil
    ) {
        self.catalog = catalog
        self.rules = rules
        self.timeZone = timeZone
        self.store = store
    }

    /// - Parameter reader: the caller; only its own organization's CRD answers are restated.
    public func next(body: JSON, reader: AssertionReader, now: Date) async -> DTRAnswer {
        let (response, path) = Self.response(in: body)
        guard let response else {
            return .badRequest(
                .structure, "$next-question takes a QuestionnaireResponse, bare or as the questionnaire-response parameter.", at: path)
        }
        let form: ResponseForm
        do {
            form = try ResponseForm.find(for: response, in: catalog)
        } catch {
            return .refusal(400, error)
        }
        guard form.published.isAdaptive else {
            return .badRequest(.notSupported, "\(form.published.canonical) is not an adaptive form.", at: "QuestionnaireResponse.questionnaire")
        }
        if let status = response["status"]?.string, status != "in-progress" {
            return .badRequest(.value, "$next-question continues an in-progress response; this one is \(status).", at: "QuestionnaireResponse.status")
        }
        let issues = QuestionnaireResponseValidator(questionnaire: form.questionnaire, mode: .adaptive).problems(in: response)
        guard issues.isEmpty else { return .refusal(400, OperationOutcome(issues: issues)) }

        let url = form.published.canonical.url
        guard let policy = rules.policies.first(where: { $0.questionnaire.map { Canonical($0).url } == url }) else {
            return .refusal(503, .error(.notSupported, "No policy serves \(url) now; use the standard form instead."))
        }
        let today = FHIRDate(now, timeZone: timeZone).description
        let input: JSON = [
            "questionnaire": .string(url),
            "today": .string(today),
            "answers": .object(response.questionnaireAnswers),
        ]
        guard let evaluation = await rules.nextQuestion(input, policyID: policy.id) else {
            return .refusal(503, .error(.notSupported, "Policy \(policy.id) has no next_question; use the standard form instead."))
        }
        switch evaluation.decision {
        case .complete:
            return DTRAnswer(status: 200, body: await completed(response, form: url, today: today, reader: reader))
        case .items(let items):
            let system = "http://greenlight.example/fhir/CodeSystem/\(form.published.id)"
            return DTRAnswer(status: 200, body: Self.appending(items.map { NextQuestionItems.item($0, codeSystem: system) }, to: response))
        case .wholeQuestionnaire:
            return .refusal(503, .error(
                .exception, "Policy \(policy.id) could not choose the next question; the failure is recorded. Use the standard form instead."))
        }
    }

    /// The QuestionnaireResponse of the body, or the FHIRPath to name when there is none.
    static func response(in body: JSON) -> (JSON?, String) {
        if body.resourceType == "QuestionnaireResponse" { return (body, "QuestionnaireResponse") }
        guard let input = ParametersInput(body) else { return (nil, body.resourceType ?? "Parameters") }
        guard let parameter = input.named(["questionnaire-response", "questionnaireResponse"]).first else {
            return (nil, "Parameters.parameter")
        }
        let resource = parameter.json["resource"]
        return resource?.resourceType == "QuestionnaireResponse" ? (resource, "") : (nil, "\(parameter.path).resource")
    }

    /// The items appended to the contained form (linkIds already there are not added twice).
    static func appending(_ items: [JSON], to response: JSON) -> JSON {
        var result = response
        let reference = String((response["questionnaire"]?.string ?? "#").dropFirst())
        result["contained"] = .array((response["contained"]?.array ?? []).map { resource in
            guard resource.resourceType == "Questionnaire", resource.id == reference else { return resource }
            var form = resource
            var existing = form["item"]?.array ?? []
            let links = Set(existing.compactMap { $0["linkId"]?.string })
            existing += items.filter { !links.contains($0["linkId"]?.string ?? "") }
            form["item"] = .array(existing)
            return form
        })
        result["status"] = "in-progress"
        return result
    }

    /// The response `completed`, with the coverage-information of the CRD assertion it names.
    /// An assertion the store does not know (or cannot be read now) adds nothing: the extension
    /// is optional, the answers stand, and storing the response checks the id again.
    func completed(_ response: JSON, form: String, today: String, reader: AssertionReader) async -> JSON {
        var result = response
        result["status"] = "completed"
        guard let store else { return result }
        let restated = (try? await CompletedCoverageInformation.restated(
            for: response, form: form, today: today, store: store, reader: reader)) ?? []
        return CompletedCoverageInformation.replacing(restated, in: result)
    }
}
