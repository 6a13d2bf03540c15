import CaseStore
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
        let answer = await env.nextQuestion.next(body: body, reader: DTREnvironment.ehr, now: DTREnvironment.now)
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
        var answer = await env.nextQuestion.next(body: wrong, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 400)
        var outcome = try OperationOutcome(json: answer.body)
        #expect(outcome.issues.first?.expression == ["QuestionnaireResponse.item[0].answer[0].valueString"])
        // A required question left unanswered.
        answer = await env.nextQuestion.next(body: asked, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 400)
        outcome = try OperationOutcome(json: answer.body)
        #expect(outcome.issues.first?.expression == ["QuestionnaireResponse.item.where(linkId='red-flags')"])
        // Not a QuestionnaireResponse at all.
        answer = await env.nextQuestion.next(body: .resource(type: "Parameters", ["parameter": [["name": "questionnaire-response", "resource": .resource(type: "Patient")]]]), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 400)
        #expect(try OperationOutcome(json: answer.body).issues.first?.expression == ["Parameters.parameter[0].resource"])
    }

    // MARK: coverage-information on completion

    /// What CRD told the EHR about the MRI order: conditional, prior authorization needed, the
    /// adaptive form as clinical documentation for the request.
    static func crdAnswer(_ id: String) -> CoverageInformation {
        CoverageInformation(
            coverage: Reference(reference: "Coverage/cov-1"), covered: .conditional, paNeeded: .authNeeded,
            docNeeded: [.clinical], docPurpose: [.withPA], infoNeeded: [.performer],
            reasons: [.init(text: "Coverage depends on the outcome of prior authorization.")],
            details: [.policyLink("https://unitedcare.example/policies/imaging/lumbar-spine-mri")],
            questionnaires: [form], date: "2026-11-20", assertionID: id)
    }

    /// Records `information` as CRD's answer for one order of an order-sign call.
    static func recordCRDAnswer(_ information: CoverageInformation, in env: DTREnvironment) async throws {
        let id = information.assertionID
        let assertion = CoverageAssertion(
            id: id, orderReference: "ServiceRequest/mri-1", hookInstance: "hook-\(id)", hook: "order-sign", clientID: "demo-ehr",
            clientCoverageReference: "Coverage/cov-1", covered: information.covered.rawValue, paNeeded: information.paNeeded?.rawValue,
            questionnaires: information.questionnaires, extensionJSON: information.json.serializedString(), createdAt: DTREnvironment.now)
        try await env.store.recordHookCall(
            HookCall(
                hookInstance: "hook-\(id)", hook: "order-sign", serviceID: "greenlight-order-sign", clientID: "demo-ehr",
                patientID: "p1", receivedAt: DTREnvironment.now, durationMilliseconds: 1, status: 200, prefetchJSON: "[]",
                ruleVersionsJSON: "{}", assertionIDs: [id], requestJSON: "{}", responseJSON: "{}"),
            assertions: [assertion])
    }

    /// The service with the store, as the server builds it.
    static func service(_ env: DTREnvironment) -> NextQuestionService {
        NextQuestionService(catalog: env.catalog, rules: env.rules, timeZone: DTREnvironment.timeZone, store: env.store)
    }

    /// The draft (with the CRD answer the package copies onto it when given `context`) answered
    /// up to completion: a red flag ends the form after one question.
    static func completing(_ env: DTREnvironment, context: String?, reader: AssertionReader = DTREnvironment.ehr) async throws -> JSON {
        let package = await env.packages.package(body: packageInput(questionnaires: [form], context: context), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        let draft = try #require(package.body.packageBundles.first?.entryResources.last)
        var response = try await Self.next(env, draft)
        response = Self.answering(response, "red-flags", [Self.coding("cauda-equina")])
        let body: JSON = .resource(type: "Parameters", ["parameter": [["name": "questionnaire-response", "resource": response]]])
        let answer = await Self.service(env).next(body: body, reader: reader, now: DTREnvironment.now)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body["status"]?.string == "completed")
        return answer.body
    }

    @Test func completionRestatesTheKnownAssertionWithItsDocumentationDone() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let said = Self.crdAnswer("crd-mri-1")
        try await Self.recordCRDAnswer(said, in: env)
        let completed = try await Self.completing(env, context: "crd-mri-1")
        let extensions = completed.extensions(url: CoverageInformation.url)
        #expect(extensions.count == 1, "CRD's answer on the draft is replaced, not repeated")
        let information = try #require(extensions.first.flatMap(CoverageInformation.init(json:)))
        #expect(information.violations.isEmpty, "\(information.violations)")
        #expect(information.assertionID == "crd-mri-1")
        #expect(information.date == "2026-11-23")
        #expect(information.covered == .conditional && information.paNeeded == .authNeeded)
        #expect(information.docNeeded.isEmpty && information.questionnaires.isEmpty, "the documentation is complete")
        #expect(information.docPurpose == [.withPA], "it still goes with the prior-authorization request")
        #expect(information.infoNeeded == said.infoNeeded && information.reasons == said.reasons && information.details == said.details)
        #expect(information.coverage == said.coverage)
    }

    /// Another organization that knows the id learns nothing from it: the draft's copy stays
    /// as sent, nothing is restated from the store.
    @Test func completionDoesNotRestateAnotherOrganizationsAssertion() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await Self.recordCRDAnswer(Self.crdAnswer("crd-mri-1"), in: env)
        let stranger = AssertionReader(clientID: "other", organizationIdentifiers: [.init(system: "http://hl7.org/fhir/sid/us-npi", value: "1")])
        let completed = try await Self.completing(env, context: "crd-mri-1", reader: stranger)
        let dates = completed.extensions(url: CoverageInformation.url).compactMap(CoverageInformation.init(json:)).map(\.date)
        #expect(dates == ["2026-11-20"], "the draft's copy of CRD's answer as the client sent it; nothing restated")
    }

    @Test func completionWithoutAnAssertionCarriesNoCoverageInformation() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let completed = try await Self.completing(env, context: nil)
        #expect(completed.extensions(url: CoverageInformation.url).isEmpty)
    }

    /// An id the store does not know adds nothing and changes nothing: the extension is
    /// optional, the answers stand, and `POST /QuestionnaireResponse` checks the id (422).
    @Test func completionWithAnUnknownAssertionKeepsWhatTheClientSent() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let package = await env.packages.package(body: packageInput(questionnaires: [Self.form]), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        var response = try #require(package.body.packageBundles.first?.entryResources.last)
        let unknown = Self.crdAnswer("crd-unknown").json
        response["extension"] = .array((response["extension"]?.array ?? []) + [unknown])
        response = try await Self.next(env, response)
        response = Self.answering(response, "red-flags", [Self.coding("cauda-equina")])
        let answer = await Self.service(env).next(body: response, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body["status"]?.string == "completed")
        #expect(answer.body.extensions(url: CoverageInformation.url) == [unknown])
    }
}
