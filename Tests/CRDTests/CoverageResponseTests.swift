import CaseStore
import FHIR
import Foundation
import Testing

@testable import CRD

/// The response as a whole: assertion ids, configuration, card limits, supporting hooks.
@Suite struct CoverageResponseTests {
    static let lumbar = Orders.serviceRequest(
        "mri-7", code: "72149", display: "MRI lumbar spine with contrast", patient: "member-004", requester: "Practitioner/pract-4")
    static let panel = Orders.serviceRequest("bmp-7", code: "80048", display: "Basic metabolic panel", patient: "member-004")
    static let eyeExam = Orders.serviceRequest("eye-7", code: "92004", display: "Eye exam, new patient", patient: "member-015")

    static func lumbarAndPanel(_ hook: HookName = .orderSign, configuration: JSON? = nil) -> HookData {
        hookData(
            hook, patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [lumbar, panel],
            resources: [Demo.practitioner("pract-4")], configuration: configuration)
    }

    @Test func ordersUnderOneCoverageShareOneAssertionIDAndResponsesDoNot() async throws {
        let env = try await CRDEnvironment.get()
        let first = try await env.decide(Self.lumbarAndPanel())
        #expect(first.extensions.count == 2)
        let ids = Set(first.extensions.compactMap { $0.code("coverage-assertion-id") })
        #expect(ids.count == 1)
        let id = try #require(ids.first)
        #expect(id.hasPrefix("crd-") && id.count == 40)
        #expect(first.assertionIDs == [id])
        #expect(first.assertions.map(\.orderReference) == ["ServiceRequest/mri-7", "ServiceRequest/bmp-7"])
        let second = try await env.decide(Self.lumbarAndPanel())
        #expect(second.assertionIDs != first.assertionIDs)
    }

    /// The HTTP layer stores the assertions with the call before answering; DTR finds them by id.
    @Test func theDecisionIsStoredWithItsHookCall() async throws {
        let env = try await CRDEnvironment.get()
        let data = Self.lumbarAndPanel()
        let decision = try await env.decide(data)
        let call = decision.hookCall(for: data, clientID: "ehr-test", receivedAt: now, durationMilliseconds: 12)
        #expect(call.serviceID == "greenlight-order-sign" && call.patientID == "member-004" && call.status == 200)
        #expect(try JSON.parse(call.ruleVersionsJSON)["lumbar-spine-mri"]?.string == decision.ruleVersions["lumbar-spine-mri"])
        #expect(try JSON.parse(call.responseJSON) == decision.response.json)
        try await env.store.recordHookCall(call, assertions: decision.assertions)
        let stored = try await env.store.coverageAssertions(id: decision.assertionIDs[0])
        #expect(stored.map(\.orderReference) == ["ServiceRequest/mri-7", "ServiceRequest/bmp-7"])
        #expect(stored.first?.questionnaires == ["http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"])
    }

    /// The guide's own order-sign example: its Coverage names a payer this service does not serve.
    @Test func theGuidesExampleRequestIsAForeignPayer() async throws {
        let env = try await CRDEnvironment.get()
        let body = try JSON.parse(data: Data(contentsOf: Paths.igExamples.appendingPathComponent("ig-2.1.0/CRDServiceRequest.json")))
        let coverages = (body["prefetch"]?["coverage"]?["entry"]?.array ?? []).compactMap { $0["resource"] }
        let orders = (body["context"]?["draftOrders"]?["entry"]?.array ?? []).compactMap { $0["resource"] }
        let resources = (body["prefetch"]?.object?.values ?? []).flatMap { value in
            value.resourceType == "Bundle" ? (value["entry"]?.array ?? []).compactMap { $0["resource"] } : [value]
        }
        #expect(coverages.count == 1 && orders.count == 2)
        do {
            _ = try await env.service.decide(
                hookData(patient: "example", coverages: coverages, orders: orders, resources: resources),
                clientID: "ehr", today: today, now: now)
            Issue.record("the example's payer is not ours")
        } catch {
            #expect(error.status == .badRequest)
        }
    }

    @Test func aDisabledCardTypeIsNeverSent() async throws {
        let env = try await CRDEnvironment.get()
        let all = try await env.decide(Self.lumbarAndPanel())
        #expect(Set(all.response.cards.map(\.topic)) == [.coverageInfo, .therapyAlternativesOpt])
        let some = try await env.decide(Self.lumbarAndPanel(configuration: ["coverage-info": false]))
        #expect(some.response.cards.map(\.topic) == [.therapyAlternativesOpt])
        #expect(some.response.systemActions.count == 2, "primary hooks answer every order whatever the options")
    }

    @Test func maxCardsKeepsTheMostImportant() async throws {
        let env = try await CRDEnvironment.get()
        let data = hookData(
            patient: "member-015", coverages: [Demo.coverage("cov-015")],
            orders: [Self.eyeExam, Orders.serviceRequest("mri-8", code: "72158", display: "MRI lumbar spine without and with contrast", patient: "member-015")],
            configuration: ["max-cards": 1])
        let decision = try await env.decide(data)
        #expect(decision.response.cards.count == 1)
        #expect(decision.response.cards.first?.summary.hasPrefix("Not covered") == true, "payment risk first")
        let none = try await env.decide(hookData(
            patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [Self.lumbar], configuration: ["max-cards": 0]))
        #expect(none.response.cards.isEmpty)
        #expect(none.response.json["cards"] == [], "cards is sent even when empty")
    }

    @Test func formCompletionOnlyWhenTheClientAsks() async throws {
        let env = try await CRDEnvironment.get()
        let without = try await env.decide(Self.lumbarAndPanel())
        #expect(!without.response.cards.contains { $0.summary.hasPrefix("Complete the") })
        let with = try await env.decide(Self.lumbarAndPanel(configuration: ["form-completion": true]))
        let card = try #require(with.response.cards.first { $0.summary.hasPrefix("Complete the") })
        let task = try #require(card.suggestions.first?.actions.last?.resource)
        #expect(task.resourceType == "Task")
        #expect(task["code"]?["coding"]?[0] == ["system": .string(CRDCodes.sdcTemp), "code": "complete-questionnaire"])
        #expect(task["input"]?[0]?["valueCanonical"] == "http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri")
        #expect(task["for"] == ["reference": "Patient/member-004"])
        #expect(task["basedOn"]?[0]?["reference"] == "ServiceRequest/mri-7")
    }

    @Test func formCompletionOffersTheQuestionnaireWhenTheServiceHasIt() async throws {
        let env = try await CRDEnvironment.get()
        let canonical = "http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"
        let questionnaire: JSON = ["resourceType": "Questionnaire", "url": .string(canonical), "version": "1.0.0", "title": "Lumbar spine MRI", "status": "active"]
        let service = CoverageRequirementsService(rules: env.rules, store: env.store, questionnaires: [canonical: questionnaire])
        let data = Self.lumbarAndPanel(configuration: ["form-completion": true])
        let decision = try await service.decide(data, clientID: "ehr", today: today, now: now)
        ResponseChecks.verify(decision, for: data)
        let actions = try #require(decision.response.cards.first { $0.summary == "Complete the Lumbar spine MRI form" }?.suggestions.first?.actions)
        #expect(actions.map(\.type) == [.create, .create])
        #expect(actions.first?.ifNoneExist == "url=\(canonical)&version=1.0.0")
        #expect(actions.first?.json["extension"]?["davinci-crd.if-none-exist"] != nil)
    }

    /// order-select is a supporting hook: no documentation is asked for, and the rule's note
    /// comes as an Instructions card.
    @Test func orderSelectNeverAsksForDocumentation() async throws {
        let env = try await CRDEnvironment.get()
        let data = hookData(
            .orderSelect, patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [Self.lumbar, Self.panel],
            resources: [Demo.practitioner("pract-4")], selections: ["ServiceRequest/mri-7"])
        let decision = try await env.decide(data)
        let information = decision.onlyExtension
        #expect(information.codes("doc-needed").isEmpty && information.sub("questionnaire").isEmpty)
        #expect(information.codes("doc-purpose").isEmpty)
        #expect(information.code("pa-needed") == "auth-needed")
        let instructions = try #require(decision.response.cards.first { $0.links.isEmpty && $0.suggestions.isEmpty })
        #expect(instructions.detail?.contains("6 weeks") == true)
        #expect(decision.assertions.map(\.orderReference) == ["ServiceRequest/mri-7"], "only the selection")
    }

    @Test func orderSelectSaysNothingAboutOrdersNoPolicyGoverns() async throws {
        let env = try await CRDEnvironment.get()
        let xray = Orders.serviceRequest("xr-1", code: "71046", display: "Chest X-ray, 2 views", patient: "member-004")
        let data = hookData(.orderSelect, patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [xray], selections: ["ServiceRequest/xr-1"])
        let decision = try await env.decide(data)
        #expect(decision.response.systemActions.isEmpty && decision.assertions.isEmpty && decision.response.cards.isEmpty)
    }

    @Test func orderSignAnswersOrdersNoPolicyGoverns() async throws {
        let env = try await CRDEnvironment.get()
        let xray = Orders.serviceRequest("xr-2", code: "71046", display: "Chest X-ray, 2 views", patient: "member-004")
        let decision = try await env.decide(hookData(patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [xray]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "covered" && information.code("pa-needed") == "no-auth")
        #expect(information.sub("reason").first?["text"] == "No coverage requirements apply to Chest X-ray, 2 views (71046)")
        #expect(decision.assertions.first?.policyID == nil && decision.assertions.first?.evaluationJSON == nil)
    }

    /// An order already carrying our answer (an earlier hook) gets the new one instead; another
    /// payer's answer stays.
    @Test func anEarlierAnswerIsReplaced() async throws {
        let env = try await CRDEnvironment.get()
        let first = try await env.decide(hookData(patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [Self.panel]))
        var resent = try #require(first.response.systemActions.first?.resource)
        let other: JSON = [
            "url": .string(CoverageInformation.url),
            "extension": [["url": "coverage", "valueReference": ["reference": "Coverage/other-payer"]]],
        ]
        resent["extension"] = .array((resent["extension"]?.array ?? []) + [other])
        let second = try await env.decide(hookData(patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [resent]))
        let extensions = second.response.systemActions.first?.resource?.extensions(url: CoverageInformation.url) ?? []
        #expect(extensions.count == 2)
        #expect(extensions.first == other)
        #expect(extensions.last?.code("coverage-assertion-id") == second.assertionIDs.first)
    }

    @Test func appointmentsAreAnsweredFromTheirServiceTypeAndBasis() async throws {
        let env = try await CRDEnvironment.get()
        let appointment = JSON.resource(type: "Appointment", id: "appt-1", [
            "status": "proposed",
            "basedOn": [["reference": "ServiceRequest/brain-9"]],
            "participant": [["actor": ["reference": "Patient/member-002"], "status": "needs-action"]],
            "start": "2026-12-01T09:00:00Z", "end": "2026-12-01T10:00:00Z",
        ])
        let basis = Orders.serviceRequest("brain-9", code: "70553", display: "MRI brain without and with contrast", patient: "member-002", requester: "Practitioner/pract-5")
        let decision = try await env.decide(hookData(
            .appointmentBook, patient: "member-002", coverages: [Demo.coverage("cov-002")], orders: [appointment],
            resources: [basis, Demo.practitioner("pract-5")]))
        #expect(decision.response.systemActions.first?.resource?.resourceType == "Appointment")
        #expect(decision.onlyExtension.sub("reason").first?["coding"]?[0]?["code"] == "gold-card", "the requester of the basis is gold-carded")
        let record = try JSON.parse(try #require(decision.assertions.first?.evaluationJSON))
        #expect(record["input"]?["order"]?["period"]?["start"] == "2026-12-01T09:00:00Z")
    }

    @Test func encounterStartWithoutCoverageSaysSoInOneCard() async throws {
        let env = try await CRDEnvironment.get()
        let decision = try await env.decide(hookData(.encounterStart, patient: "member-010", coverages: [], orders: []))
        #expect(decision.response.systemActions.isEmpty)
        #expect(decision.response.cards.map(\.topic) == [.insurance])
        #expect(decision.response.cards.first?.detail?.contains("not covered") == false)
    }
}
