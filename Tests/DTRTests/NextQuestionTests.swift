import DTR
import FHIR
import Foundation
import Testing

/// Adaptive lumbar MRI: the shipped policy's `next_question` drives the form to `completed`.
@Suite struct NextQuestionTests {
    static let form = "http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"

    /// The draft response the package hands out for the adaptive form.
    static func draft(_ env: DTREnvironment) async throws -> JSON {
        let answer = await env.packages.package(body: packageInput(questionnaires: [form]), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        return try #require(answer.body.packageBundles.first?.entryResources.last)
    }

    /// Answers `link` in the response (appending the item).
    static func answering(_ response: JSON, _ link: String, _ values: [JSON]) -> JSON {
        var result = response
        let answers: [JSON] = values.map { value in
            let key = value["code"] != nil ? "valueCoding" : (value.int != nil ? "valueInteger" : (value.bool != nil ? "valueBoolean" : "valueString"))
            return .object([key: value])
        }
        result["item"] = .array((response["item"]?.array ?? []) + [["linkId": .string(link), "answer": .array(answers)]])
        return result
    }

    static func coding(_ code: String) -> JSON {
        ["system": "http://greenlight.example/fhir/CodeSystem/lumbar-spine-mri", "code": .string(code)]
    }

    static func askedLinks(_ response: JSON) -> [String] {
        (response["contained"]?[0]?["item"]?.array ?? []).compactMap { $0["linkId"]?.string }
    }

    static func next(_ env: DTREnvironment, _ response: JSON) async throws -> JSON {
        let body: JSON = .resource(type: "Parameters", ["parameter": [["name": "questionnaire-response", "resource": response]]])
        let answer = await env.nextQuestion.next(body: body, now: DTREnvironment.now)
        #expect(answer.status == 200, "\(answer.body)")
        return answer.body
    }

    @Test func aRedFlagCompletesTheFormAfterOneQuestion() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var response = try await Self.next(env, try await Self.draft(env))
        #expect(Self.askedLinks(response) == ["red-flags"])
        #expect(response["status"]?.string == "in-progress")
        response = Self.answering(response, "red-flags", [Self.coding("cauda-equina")])
        response = try await Self.next(env, response)
        #expect(response["status"]?.string == "completed")
        #expect(Self.askedLinks(response) == ["red-flags"])
    }

    @Test func conservativeTherapyTakesThreeSteps() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var response = try await Self.next(env, try await Self.draft(env))
        response = Self.answering(response, "red-flags", [Self.coding("none")])
        response = try await Self.next(env, response)
        #expect(Self.askedLinks(response) == ["red-flags", "conservative-therapy-weeks"])
        response = Self.answering(response, "conservative-therapy-weeks", [8])
        response = try await Self.next(env, response)
        #expect(Self.askedLinks(response) == ["red-flags", "conservative-therapy-weeks", "conservative-therapy-types", "new-or-worsening-symptoms"])
        #expect(response["status"]?.string == "in-progress")
        response = Self.answering(response, "conservative-therapy-types", [Self.coding("physical-therapy"), Self.coding("nsaids")])
        response = Self.answering(response, "new-or-worsening-symptoms", [false])
        response = try await Self.next(env, response)
        #expect(response["status"]?.string == "completed")
    }

    @Test func invalidInputIsA400NamingTheElement() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let asked = try await Self.next(env, try await Self.draft(env))
        // A string where the form asks for a choice from its options.
        let wrong = Self.answering(asked, "red-flags", ["maybe"])
        var answer = await env.nextQuestion.next(body: wrong, now: DTREnvironment.now)
        #expect(answer.status == 400)
        var outcome = try OperationOutcome(json: answer.body)
        #expect(outcome.issues.first?.expression == ["QuestionnaireResponse.item[0].answer[0].valueString"])
        // A required question left unanswered.
        answer = await env.nextQuestion.next(body: asked, now: DTREnvironment.now)
        #expect(answer.status == 400)
        outcome = try OperationOutcome(json: answer.body)
        #expect(outcome.issues.first?.expression == ["QuestionnaireResponse.item.where(linkId='red-flags')"])
        // Not a QuestionnaireResponse at all.
        answer = await env.nextQuestion.next(body: .resource(type: "Parameters", ["parameter": [["name": "questionnaire-response", "resource": .resource(type: "Patient")]]]), now: DTREnvironment.now)
        #expect(answer.status == 400)
        #expect(try OperationOutcome(json: answer.body).issues.first?.expression == ["Parameters.parameter[0].resource"])
    }
}
