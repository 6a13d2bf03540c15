import CaseStore
import DTR
import FHIR
import Foundation
import Testing

/// Completed responses are checked against their form and kept under the CRD assertion.
@Suite struct QuestionnaireResponseIntakeTests {
    static let homeOxygen = "http://greenlight.example/fhir/Questionnaire/home-oxygen|2026.1.0"

    static func auto(_ key: String, _ value: JSON) -> JSON {
        [
            "extension": [["url": .string(DTRVocabulary.informationOrigin), "extension": [["url": "source", "valueCode": "auto"]]]],
            key: value,
        ]
    }

    /// A complete home-oxygen response: SpO2 86% at rest on room air, for context `ctx-1`.
    static func homeOxygenResponse(context: String? = "ctx-1") -> JSON {
        let system = "http://greenlight.example/fhir/CodeSystem/home-oxygen"
        var extensions: [JSON] = [
            ["url": .string(DTRVocabulary.qrContext), "valueReference": ["reference": "Coverage/cov-1"]],
            ["url": .string(DTRVocabulary.qrContext), "valueReference": ["reference": "DeviceRequest/o1"]],
        ]
        if let context {
            extensions.append(["url": .string(CoverageInformation.url), "extension": [["url": "coverage-assertion-id", "valueString": .string(context)]]])
        }
        return .resource(type: "QuestionnaireResponse", [
            "extension": .array(extensions),
            "questionnaire": .string(homeOxygen), "status": "completed", "subject": ["reference": "Patient/p1"],
            "authored": "2026-11-23",
            "item": [
                ["linkId": "study", "item": [
                    ["linkId": "test-condition", "answer": [auto("valueCoding", ["system": .string(system), "code": "rest"])]],
                    ["linkId": "test-type", "answer": [auto("valueCoding", ["system": .string(system), "code": "spo2"])]],
                    ["linkId": "test-result", "answer": [auto("valueDecimal", 86)]],
                    ["linkId": "test-date", "answer": [auto("valueDate", "2026-11-20")]],
                    ["linkId": "room-air", "answer": [auto("valueBoolean", true)]],
                ]],
                ["linkId": "mobile-in-home", "answer": [[
                    "extension": [["url": .string(DTRVocabulary.informationOrigin), "extension": [
                        ["url": "source", "valueCode": "manual"],
                        ["url": "author", "extension": [["url": "practitioner", "valueReference": ["reference": "Practitioner/pr1"]]]],
                    ]]],
                    "valueBoolean": true,
                ]]],
            ],
        ])
    }

    @Test func aCompleteResponseIsKeptUnderItsAssertionAndMember() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-1", questionnaires: [Self.homeOxygen], memberID: "member-1")
        let answer = await env.intake.create(body: Self.homeOxygenResponse(), submitter: "npi:1500000017", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 201, "\(answer.body)")
        let id = try #require(answer.body.id)
        let stored = try #require(try await env.store.questionnaireResponse(id: id))
        #expect(stored.contextID == "ctx-1")
        #expect(stored.memberID == "member-1")
        #expect(stored.questionnaire == Self.homeOxygen)
        #expect(try await env.store.questionnaireResponses(.init(contextID: "ctx-1")).map(\.id) == [id])
        #expect(try await env.store.questionnaireResponses(.init(patient: "member-1")).map(\.id) == [id])
        #expect(try await env.store.questionnaireResponses(.init(patient: "Patient/p1")).map(\.id) == [id])
        #expect(try await env.store.questionnaireResponses(.init(patient: "p1", submitter: "npi:other")).isEmpty)
        // The answers read back the way PAS hands them to the rules.
        let answers = try JSON.parse(stored.resourceJSON).questionnaireAnswers
        #expect(answers["test-result"] == 86)
        #expect(answers["test-condition"] == "rest")
    }

    @Test func aMissingRequiredAnswerIsRefusedNamingTheItem() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var response = Self.homeOxygenResponse(context: nil)
        var study = response["item"]?[0]?.object ?? [:]
        study["item"] = .array((study["item"]?.array ?? []).filter { $0["linkId"]?.string != "test-date" })
        response["item"] = .array([.object(study)] + Array((response["item"]?.array ?? []).dropFirst()))
        let answer = await env.intake.create(body: response, submitter: "npi:1", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 422)
        let outcome = try OperationOutcome(json: answer.body)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.code == .required)
        #expect(outcome.issues.first?.expression == ["QuestionnaireResponse.item[0].item.where(linkId='test-date')"])
        #expect(outcome.issues.first?.diagnostics?.contains("test-date") == true)
        #expect(try await env.store.questionnaireResponses(.init()).isEmpty)
    }

    @Test func answersOfTheWrongTypeOrWithoutTheirOriginAreRefused() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var response = Self.homeOxygenResponse(context: nil)
        // test-result as a string; mobile-in-home "manual" without an author.
        var study = response["item"]?[0]?.object ?? [:]
        var items = study["item"]?.array ?? []
        items[2] = ["linkId": "test-result", "answer": [Self.auto("valueString", "86%")]]
        study["item"] = .array(items)
        response["item"] = [
            .object(study),
            ["linkId": "mobile-in-home", "answer": [["extension": [["url": .string(DTRVocabulary.informationOrigin), "extension": [["url": "source", "valueCode": "manual"]]]], "valueBoolean": true]]],
        ]
        let answer = await env.intake.create(body: response, submitter: "npi:1", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 422)
        let paths = try OperationOutcome(json: answer.body).issues.flatMap(\.expression)
        #expect(paths.contains("QuestionnaireResponse.item[0].item[2].answer[0].valueString"))
        #expect(paths.contains("QuestionnaireResponse.item[1].answer[0].extension[0].extension('author')"))
    }

    @Test func answerValuesThatAreNotWhatTheirTypeSaysAreRefused() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var response = Self.homeOxygenResponse(context: nil)
        // test-date "last week" is no FHIR date; room-air "yes" is no boolean.
        var study = response["item"]?[0]?.object ?? [:]
        var items = study["item"]?.array ?? []
        items[3] = ["linkId": "test-date", "answer": [Self.auto("valueDate", "last week")]]
        items[4] = ["linkId": "room-air", "answer": [Self.auto("valueBoolean", "yes")]]
        study["item"] = .array(items)
        response["item"] = .array([.object(study)] + Array((response["item"]?.array ?? []).dropFirst()))
        let answer = await env.intake.create(body: response, submitter: "npi:1", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 422)
        let issues = try OperationOutcome(json: answer.body).issues
        #expect(issues.flatMap(\.expression) == [
            "QuestionnaireResponse.item[0].item[3].answer[0].valueDate",
            "QuestionnaireResponse.item[0].item[4].answer[0].valueBoolean",
        ])
        #expect(issues.allSatisfy { $0.code == .value })
        #expect(try await env.store.questionnaireResponses(.init()).isEmpty)
    }

    /// A response filed under another organization's CRD assertion is refused as if the id
    /// were unknown.
    @Test func anotherOrganizationsAssertionIsRefusedLikeAnUnknownOne() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-1", questionnaires: [Self.homeOxygen], memberID: "member-1")
        let stranger = AssertionReader(clientID: "other", organizationIdentifiers: [.init(system: "http://hl7.org/fhir/sid/us-npi", value: "1")])
        let answer = await env.intake.create(body: Self.homeOxygenResponse(), submitter: "npi:1", reader: stranger, now: DTREnvironment.now)
        #expect(answer.status == 422)
        #expect(try OperationOutcome(json: answer.body).issues.first?.code == .notFound)
        #expect(try await env.store.questionnaireResponses(.init()).isEmpty)
    }

    @Test func aResponseForAnUnknownAssertionOrFormIsRefused() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var answer = await env.intake.create(body: Self.homeOxygenResponse(context: "ctx-unknown"), submitter: "npi:1", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 422)
        #expect(try OperationOutcome(json: answer.body).issues.first?.expression == ["QuestionnaireResponse.extension[2]"])
        // The official example answers a form this payer does not publish.
        let official = try DTRPaths.example("ig-2.0.1/QuestionnaireResponse-home-o2-questionnaireresponse.json")
        answer = await env.intake.create(body: official, submitter: "npi:1", reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 422)
        #expect(try OperationOutcome(json: answer.body).issues.first?.expression == ["QuestionnaireResponse.questionnaire"])
    }
}
