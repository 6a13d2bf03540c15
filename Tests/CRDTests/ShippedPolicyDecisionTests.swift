import CaseStore
import FHIR
import Testing

@testable import CRD

/// Each shipped policy drives an order-sign through ``CoverageRequirementsService/decide``
/// against the demo plan: the answer the EHR gets, and the row stored for DTR and PAS.
@Suite struct ShippedPolicyDecisionTests {
    @Test func basicMetabolicPanelIsCoveredWithoutAuthorizationAndNeedsNoCard() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("bmp-1", code: "80048", display: "Basic metabolic panel", patient: "member-001", requester: "Practitioner/pract-8")
        let decision = try await env.decide(hookData(patient: "member-001", coverages: [Demo.coverage("cov-001")], orders: [order], resources: [Demo.practitioner("pract-8")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "covered")
        #expect(information.code("pa-needed") == "no-auth")
        #expect(information.codes("doc-needed").isEmpty)
        #expect(information.sub("coverage").first?["reference"]?.string == "Coverage/cov-001")
        #expect(information.code("date") == today)
        #expect(decision.response.cards.isEmpty, "nothing to act on: no card")

        let action = try #require(decision.response.systemActions.first)
        #expect(action.type == .update)
        #expect(action.resource?["code"] == order["code"], "the whole order comes back")
        #expect(action.resource?.object?.keys.prefix(3) == ["resourceType", "id", "extension"], "extension where FHIR writes it")
        let assertion = try #require(decision.assertions.first)
        #expect(assertion.memberID == "member-001" && assertion.coverageID == "cov-001" && assertion.payerID == "unitedcare")
        #expect(assertion.policyID == "basic-metabolic-panel" && assertion.serviceCode == "80048")
        #expect(assertion.covered == "covered" && assertion.paNeeded == "no-auth")
        #expect(assertion.clientCoverageReference == "Coverage/cov-001" && assertion.createdAt == now)
        #expect(decision.ruleVersions["basic-metabolic-panel"] == assertion.policyVersion)
        let record = try JSON.parse(try #require(assertion.evaluationJSON))
        #expect(record["input"]?["service"]?["code"] == "80048")
        #expect(record["input"]?["coverage"]?["line_of_business"] == "medicare-advantage")
        #expect(record["input"]?["requester"]?["npi"] == "1200000085")
    }

    @Test func lumbarSpineMRINeedsAuthorizationWithTheAdaptiveForm() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest(
            "mri-1", code: "72148", display: "MRI lumbar spine without contrast", patient: "member-004",
            requester: "Practitioner/pract-4", performer: "Organization/prov-org-2", reasons: ["M54.16"])
        let decision = try await env.decide(hookData(
            patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [order],
            resources: [Demo.practitioner("pract-4"), Demo.organization("prov-org-2")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "conditional")
        #expect(information.code("pa-needed") == "auth-needed")
        #expect(information.codes("doc-needed") == ["clinical"])
        #expect(information.codes("doc-purpose") == ["withpa"])
        #expect(information.codes("questionnaire") == ["http://greenlight.example/fhir/Questionnaire/lumbar-spine-mri"])
        // q3: the rule named no info-needed for its conditional answer; the service adds OTH with a reason.
        #expect(information.codes("info-needed") == ["OTH"])
        #expect(information.sub("reason").first?["text"] == "Coverage depends on the outcome of prior authorization.")

        let reference = try #require(decision.response.cards.first { $0.links.first?.url == "https://unitedcare.example/policies/imaging/lumbar-spine-mri" })
        #expect(reference.topic == .coverageInfo && reference.associatedResources == ["ServiceRequest/mri-1"])
        #expect(reference.sourceLabel == "UnitedCare Health")
        #expect(decision.response.cards.allSatisfy { $0.topic != .therapyAlternativesOpt }, "72148 is already without contrast")
        let record = try JSON.parse(try #require(decision.assertions.first?.evaluationJSON))
        #expect(record["input"]?["performer"]?["name"] == "Lakeshore Imaging Center")
        #expect(record["input"]?["order"]?["reason_codes"]?[0]?["code"] == "M54.16")
    }

    @Test func lumbarSpineMRIWithContrastProposesTheStudyWithout() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("mri-2", code: "72149", display: "MRI lumbar spine with contrast", patient: "member-004", requester: "Practitioner/pract-4")
        let decision = try await env.decide(hookData(patient: "member-004", coverages: [Demo.coverage("cov-004")], orders: [order], resources: [Demo.practitioner("pract-4")]))
        let card = try #require(decision.response.cards.first { $0.topic == .therapyAlternativesOpt })
        #expect(card.selectionBehavior == "at-most-one")
        let suggestion = try #require(card.suggestions.first)
        #expect(suggestion.actions.count == 1)
        let update = try #require(suggestion.actions.first)
        #expect(update.type == .update)
        #expect(update.resource?["id"] == "mri-2")
        #expect(update.resource?["code"]?["coding"]?[0]?["code"] == "72148")
        #expect(update.resource?.extensions(url: CoverageInformation.url).isEmpty == true, "the old code's answer is dropped")
    }

    @Test func routineEyeExamIsNotCoveredForAnAdultOnTheExchangePlan() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("eye-1", code: "92014", display: "Eye exam, established patient", patient: "member-015", requester: "Practitioner/pract-8")
        let decision = try await env.decide(hookData(patient: "member-015", coverages: [Demo.coverage("cov-015")], orders: [order], resources: [Demo.practitioner("pract-8")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "not-covered")
        #expect(information.code("pa-needed") == nil, "q2: the rule's no-auth is dropped")
        let reason = try #require(information.sub("reason").first)
        #expect(reason["coding"] == nil, "benefit-exclusion is not in the 2.1 value set: text only")
        #expect(reason["text"]?.string?.contains("under 19") == true)
        let card = try #require(decision.response.cards.first)
        #expect(card.indicator == .warning && card.summary.hasPrefix("Not covered"))
        #expect(card.detail?.contains("medical benefit") == true)
    }

    @Test func brainMRIByAGoldCardedNeurologistNeedsNoAuthorization() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("brain-1", code: "70551", display: "MRI brain without contrast", patient: "member-002", requester: "Practitioner/pract-5")
        let decision = try await env.decide(hookData(patient: "member-002", coverages: [Demo.coverage("cov-002")], orders: [order], resources: [Demo.practitioner("pract-5")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "covered")
        #expect(information.code("pa-needed") == "no-auth")
        let reason = try #require(information.sub("reason").first)
        #expect(reason["coding"]?[0] == ["system": .string(CRDCodes.temp), "code": "gold-card"])
        #expect(reason["text"]?.string?.contains("Dr. Priya Raman") == true)
        #expect(decision.response.cards.isEmpty)
    }

    @Test func homeOxygenIsConditionalOnThePerformer() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.deviceRequest("o2-1", code: "E0431", display: "Portable gaseous oxygen system, rental", patient: "member-003", requester: "Practitioner/pract-3", reasons: ["J44.1"])
        let decision = try await env.decide(hookData(patient: "member-003", coverages: [Demo.coverage("cov-003")], orders: [order], resources: [Demo.practitioner("pract-3")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "conditional")
        #expect(information.codes("info-needed") == ["performer"], "the rule's own info-needed; no OTH added")
        #expect(information.codes("questionnaire") == ["http://greenlight.example/fhir/Questionnaire/home-oxygen"])
        let instructions = information.sub("detail").first { $0.extension(url: "code")?["valueCodeableConcept"]?["coding"]?[0]?["code"] == "instructions" }
        #expect(instructions?.extension(url: "value")?["valueString"]?.string?.contains("portable") == true)
    }

    @Test func totalKneeArthroplastyNeedsAuthorizationAndALocation() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("tka-1", code: "27447", display: "Total knee arthroplasty", patient: "member-006", requester: "Practitioner/pract-1", reasons: ["M17.11"])
        let decision = try await env.decide(hookData(patient: "member-006", coverages: [Demo.coverage("cov-006")], orders: [order], resources: [Demo.practitioner("pract-1")]))
        let information = decision.onlyExtension
        #expect(information.code("pa-needed") == "auth-needed")
        #expect(information.codes("info-needed") == ["location"])
    }

    @Test func physicalTherapyWithinTheAllowanceStatesTheAllowedVisits() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.serviceRequest("pt-1", code: "97110", display: "Therapeutic exercises", patient: "member-005", requester: "Practitioner/pract-1", quantity: 6)
        let decision = try await env.decide(hookData(patient: "member-005", coverages: [Demo.coverage("cov-005")], orders: [order], resources: [Demo.practitioner("pract-1")]))
        let information = decision.onlyExtension
        #expect(information.code("covered") == "covered" && information.code("pa-needed") == "no-auth")
        let quantity = information.sub("detail").first { $0.extension(url: "code")?["valueCodeableConcept"]?["coding"]?[0]?["code"] == "allowed-quantity" }
        #expect(quantity?.extension(url: "value")?["valueQuantity"]?["value"] == 20)
        #expect(information.code("expiry-date") == "2026-12-31")
        #expect(decision.assertions.first?.expiresOn == "2026-12-31")
    }

    @Test func cpapWithoutASleepTestOnFileProposesOne() async throws {
        let env = try await CRDEnvironment.get()
        let order = Orders.deviceRequest("cpap-1", code: "E0601", display: "CPAP device", patient: "member-007", requester: "Practitioner/pract-6", reasons: ["G47.33"])
        let decision = try await env.decide(hookData(patient: "member-007", coverages: [Demo.coverage("cov-007")], orders: [order], resources: [Demo.practitioner("pract-6")]))
        #expect(decision.onlyExtension.code("pa-needed") == "auth-needed")
        let card = try #require(decision.response.cards.first { $0.topic == .clinicalReminder })
        #expect(card.suggestions.map { $0.actions.first?.resource?["code"]?["coding"]?[0]?["code"]?.string } == ["G0399", "95810"])
        let create = try #require(card.suggestions.first?.actions.first)
        #expect(create.type == .create && create.resource?.resourceType == "ServiceRequest")
        #expect(create.resource?["subject"] == order["subject"] && create.resource?["requester"] == order["requester"])
        #expect(create.resource?["status"] == "draft")
    }

    /// The member's earlier cases reach the rules: a home sleep test authorized in October is on file.
    @Test func cpapWithASleepTestOnFileProposesNothing() async throws {
        let env = try await CRDEnvironment.get()
        let opened = try await env.store.openCase(CaseIntake(
            submitter: "org-sleep", requestIdentifier: RequestIdentifier(value: "hst-member-008"), memberID: "member-008",
            urgency: .standard, authorizationNumber: "PA-HST-8", requestJSON: "{}",
            items: [.init(sequence: 1, service: ServiceCode(system: Codes.hcpcs, code: "G0399"))]))
        try await env.store.recordDecision(
            caseID: opened.paCase.id, itemSequence: 1, decision: ItemDecision(.certified), actor: "reviewer")
        let order = Orders.deviceRequest("cpap-2", code: "E0601", display: "CPAP device", patient: "member-008", requester: "Practitioner/pract-6", reasons: ["G47.33"])
        let decision = try await env.decide(hookData(patient: "member-008", coverages: [Demo.coverage("cov-008")], orders: [order], resources: [Demo.practitioner("pract-6")]))
        #expect(decision.response.cards.allSatisfy { $0.topic != .clinicalReminder })
        let record = try JSON.parse(try #require(decision.assertions.first?.evaluationJSON))
        let history = record["input"]?["member"]?["prior_authorizations"]?.array ?? []
        #expect(history.first?["status"] == "certified" && history.first?["service"]?["code"] == "G0399")
    }
}
