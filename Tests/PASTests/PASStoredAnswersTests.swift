import CaseStore
import FHIR
import Foundation
import GRDB
import Testing

@testable import PAS

/// `Claim/$submit` with the DTR answers the payer already keeps: a portable home-oxygen request
/// (E0431, whose policy decides on the answers) citing a CRD assertion, with and without the
/// QuestionnaireResponse in the Bundle.
@Suite struct PASStoredAnswersTests {
    typealias Service = PASSubmitServiceTests
    static let context = "crd-oxygen-1"
    static let system = "http://greenlight.example/fhir/CodeSystem/home-oxygen"

    /// The referral request for E0431, its order carrying CRD's coverage-information for
    /// `context`; `response` (a QuestionnaireResponse) is attached as supporting information.
    static func request(context: String = context, response: JSON? = nil) throws -> [UInt8] {
        let information: JSON = [
            "url": .string(CoverageInformation.url),
            "extension": [["url": "coverage-assertion-id", "valueString": .string(context)]],
        ]
        var bundle = try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
            .replacing("entry[0].resource.item[0].productOrService", with: [
                "coding": [["system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "E0431"]]
            ])
            .replacing("entry[5].resource.extension", with: [information])
        if let response {
            let url = "urn:uuid:6f0c3b9e-2a51-4c8e-9e8d-8f2b1b7d2a11"
            bundle = bundle.replacing("entry[\(bundle["entry"]?.array?.count ?? 0)]", with: ["fullUrl": .string(url), "resource": response])
                .replacing("entry[0].resource.supportingInfo[1]", with: [
                    "sequence": 2, "category": ["coding": [["code": "questionnaire"]]], "valueReference": ["reference": .string(url)],
                ])
        }
        return bundle.serialized()
    }

    /// A completed home-oxygen response with `answers` (linkId → answer value).
    static func response(_ answers: [(String, JSON)]) -> JSON {
        .resource(type: "QuestionnaireResponse", id: "qr-bundle", [
            "status": "completed",
            "item": .array(answers.map { linkId, value in ["linkId": .string(linkId), "answer": [value]] }),
        ])
    }

    /// SpO2 `result`% at rest on room air two days before the request, patient mobile at home:
    /// Group I (approved) at 88 or below, not qualifying (pended) at 90 or above.
    static func qualifyingAnswers(result: Int = 86) -> [(String, JSON)] {
        [
            ("test-condition", ["valueCoding": ["system": .string(system), "code": "rest"]]),
            ("test-type", ["valueCoding": ["system": .string(system), "code": "spo2"]]),
            ("test-result", ["valueDecimal": .number(JSONNumber(result))]),
            ("test-date", ["valueDate": "2026-11-20"]),
            ("room-air", ["valueBoolean": true]),
            ("mobile-in-home", ["valueBoolean": true]),
        ]
    }

    /// Files `answers` as the DTR server does: under `context`, for `member`, from `submitter`.
    static func storeResponse(
        _ id: String, answers: [(String, JSON)], in store: SQLiteCaseStore, context: String = context, member: String = "M-1",
        submitter: String = Service.submitter, receivedAt: Date = Service.receivedAt.addingTimeInterval(-3600)
    ) async throws {
        var resource = response(answers)
        resource["id"] = .string(id)
        try await store.storeQuestionnaireResponse(StoredQuestionnaireResponse(
            id: id, questionnaire: "http://greenlight.example/fhir/Questionnaire/home-oxygen", contextID: context,
            memberID: member, submitter: submitter, status: "completed", resourceJSON: resource.serializedString(),
            receivedAt: receivedAt))
    }

    /// The submitted request's case: its first item's review action and decision basis.
    static func submit(_ body: [UInt8], _ env: Service.Environment) async throws -> (action: String?, basis: JSON?) {
        let answer = await env.service.submit(body: body, submitter: Service.submitter, receivedAt: Service.receivedAt)
        #expect(answer.status == 200, "\(answer.body)")
        let caseID = try #require(try await env.store.cases(memberID: "M-1").first?.id)
        let event = try await env.store.events(caseID: caseID).first { $0.kind == .decision }
        let basis = try event?.after.map { try JSON.parse($0) }?["basis"]
        return (Service.reviewAction(answer.body), basis)
    }

    @Test func storedAnswersForTheAssertionDecideWithoutAQuestionnaireResponseInTheBundle() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse("qr-stored", answers: Self.qualifyingAnswers(), in: env.store)
        let (action, basis) = try await Self.submit(try Self.request(), env)
        #expect(action == "A1")
        #expect(basis?["stored_questionnaire_responses"] == ["QuestionnaireResponse/qr-stored"])
        #expect(basis?["input"]?["answers"]?["test-result"] == 86)
    }

    /// What CRD said cannot be read: the request fails (and may be resent) rather than being
    /// decided as if CRD had said nothing.
    @Test func anAssertionThatCannotBeReadIsA503AndKeepsNothing() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let other = try DatabaseQueue(path: try #require(env.store.path))
        try await other.write { db in try db.execute(sql: "ALTER TABLE coverage_assertion RENAME TO coverage_assertion_gone") }
        let answer = await env.service.submit(body: try Self.request(), submitter: Service.submitter, receivedAt: Service.receivedAt)
        #expect(answer.status == 503)
        #expect(try OperationOutcome(json: answer.body).issues.first?.code == .transient)
        #expect(try await env.store.cases(memberID: "M-1").isEmpty)
    }

    @Test func withoutStoredAnswersTheRequestIsPended() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let (action, basis) = try await Self.submit(try Self.request(), env)
        #expect(action == "A4")
        #expect(basis?["stored_questionnaire_responses"] == nil)
    }

    /// The Bundle's answer wins for its linkId; the stored response still supplies the others.
    @Test func bundleAnswersOverrideStoredOnes() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse("qr-stored", answers: Self.qualifyingAnswers(), in: env.store)
        let inBundle = Self.response([("test-result", ["valueDecimal": 92])])
        let (action, basis) = try await Self.submit(try Self.request(response: inBundle), env)
        #expect(action == "A4", "SpO2 92% does not qualify")
        #expect(basis?["input"]?["answers"]?["test-result"] == 92)
        #expect(basis?["input"]?["answers"]?["test-date"] == "2026-11-20")
        #expect(basis?["stored_questionnaire_responses"] == ["QuestionnaireResponse/qr-stored"])
    }

    @Test func theNewestStoredResponseWins() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse(
            "qr-old", answers: Self.qualifyingAnswers(result: 93), in: env.store, receivedAt: Service.receivedAt.addingTimeInterval(-7200))
        try await Self.storeResponse("qr-new", answers: Self.qualifyingAnswers(result: 86), in: env.store)
        let (action, basis) = try await Self.submit(try Self.request(), env)
        #expect(action == "A1")
        #expect(basis?["stored_questionnaire_responses"] == ["QuestionnaireResponse/qr-new"], "the old one supplied nothing")
    }

    @Test func anotherMembersResponseUnderTheSameContextIsNotUsed() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await env.store.upsertMember(Member(id: "M-2", payerID: "payer-x", patientJSON: "{}"))
        try await Self.storeResponse("qr-other-member", answers: Self.qualifyingAnswers(), in: env.store, member: "M-2")
        let (action, basis) = try await Self.submit(try Self.request(), env)
        #expect(action == "A4")
        #expect(basis?["stored_questionnaire_responses"] == nil)
    }

    /// Another provider organization's documentation never decides this submitter's case.
    @Test func anotherOrganizationsResponseIsNotUsed() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse("qr-other-org", answers: Self.qualifyingAnswers(), in: env.store, submitter: "npi:9999999999")
        let (action, _) = try await Self.submit(try Self.request(), env)
        #expect(action == "A4")
    }

    /// Answers belong to the form CRD asked for that order: a response under another assertion
    /// does not count for this item.
    @Test func aResponseUnderAnotherAssertionIsNotUsed() async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse("qr-elsewhere", answers: Self.qualifyingAnswers(), in: env.store, context: "crd-other")
        let (action, _) = try await Self.submit(try Self.request(), env)
        #expect(action == "A4")
    }

    /// A Claim Update is adjudicated the same way: the item it adds (portable oxygen, its order
    /// citing the assertion) is decided on the stored answers.
    @Test func anUpdatesAddedItemUsesTheStoredAnswers() async throws {
        typealias Updates = PASUpdateServiceTests
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await Self.storeResponse("qr-stored", answers: Self.qualifyingAnswers(), in: env.store)
        _ = await Updates.submit(env, try Updates.original(), at: Service.receivedAt)
        let order: JSON = .resource(type: "DeviceRequest", id: "oxygen-1", [
            "extension": [[
                "url": .string(CoverageInformation.url),
                "extension": [["url": "coverage-assertion-id", "valueString": .string(Self.context)]],
            ]],
            "status": "active", "intent": "order",
        ])
        let update = try Updates.update { bundle in
            let added = bundle["entry"]?[0]?["resource"]?["item"]?[2]?["extension"]?.array ?? []
            return bundle
                .replacing("entry[0].resource.item[2].productOrService", with: [
                    "coding": [["system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "E0431"]]
                ])
                .replacing("entry[0].resource.item[2].extension", with: .array(added + [[
                    "url": "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-requestedService",
                    "valueReference": ["reference": "DeviceRequest/oxygen-1"],
                ]]))
                .replacing("entry[6]", with: ["fullUrl": "http://example.org/fhir/DeviceRequest/oxygen-1", "resource": order])
        }
        let answer = await Updates.submit(env, update)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(Updates.actions(answer.body)[3] == "A1")
    }

    /// What CRD said reaches the rules (`req.crd`) only when CRD said it about this member.
    @Test(arguments: [("crd-mine", true), ("crd-theirs", false)])
    func anAssertionAboutAnotherMemberIsNotTheRulesBusiness(_ cited: String, reachesTheRules: Bool) async throws {
        let env = try await Service.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        try await env.store.upsertMember(Member(id: "M-2", payerID: "payer-x", birthDate: "1980-01-01", patientJSON: "{}"))
        for (id, member) in [("crd-mine", "M-1"), ("crd-theirs", "M-2")] {
            let assertion = CoverageAssertion(
                id: id, orderReference: "DeviceRequest/o1", hookInstance: "hook-\(id)", hook: "order-sign", clientID: "demo-ehr",
                memberID: member, clientCoverageReference: "Coverage/cov-1", covered: "covered", paNeeded: "auth-needed",
                extensionJSON: "{}", createdAt: Service.receivedAt)
            try await env.store.recordHookCall(
                HookCall(
                    hookInstance: "hook-\(id)", hook: "order-sign", serviceID: "greenlight-order-sign", clientID: "demo-ehr",
                    patientID: "p1", receivedAt: Service.receivedAt, durationMilliseconds: 1, status: 200, prefetchJSON: "[]",
                    ruleVersionsJSON: "{}", assertionIDs: [id], requestJSON: "{}", responseJSON: "{}"),
                assertions: [assertion])
        }
        let submitted = try await Self.submit(try Self.request(context: cited), env)
        let said = submitted.basis?["input"]?["crd"]?["coverage_assertion_id"]
        #expect(said == (reachesTheRules ? .string(cited) : nil))
    }
}
