import FHIR
import Foundation
import Testing
@testable import Rules

@Suite struct OutputValidationTests {
    func coverage(_ lua: String, extra: String = "") async throws -> RuleEvaluation<CoverageDecision> {
        let rules = try TemporaryRules([
            "policies/c.lua": policySource(id: "c", extra: extra, coverage: "function(req) return \(lua) end")
        ])
        return try #require(await rules.engine().coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
    }

    func adjudicate(_ lua: String, extra: String = "") async throws -> RuleEvaluation<AdjudicationDecision> {
        let rules = try TemporaryRules([
            "policies/a.lua": policySource(id: "a", extra: extra, adjudicate: "function(req) return \(lua) end")
        ])
        return try #require(await rules.engine().adjudicate(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
    }

    @Test func coverageFieldsAreRead() async throws {
        let result = try await coverage(
            """
            { covered = "conditional", pa_needed = "auth-needed", doc_needed = "clinical", doc_purpose = { "withpa" },
              info_needed = { "performer" }, reasons = { { code = "gold-card", text = "Gold-carded." } },
              billing_codes = { { system = "s", code = "1" } },
              limits = { quantity = { value = 12, unit = "visit" }, period = { start = "2026-01-01", ["end"] = "2026-12-31" } },
              note = "Fill in the form." }
            """, extra: #"questionnaire = "http://example.org/Questionnaire/q","#)
        #expect(result.record.error == nil)
        let decision = result.decision
        #expect(decision.covered == .conditional)
        #expect(decision.paNeeded == .authNeeded)
        #expect(decision.docNeeded == .clinical)
        #expect(decision.docPurpose == [.withPA])
        #expect(decision.infoNeeded == [.performer])
        #expect(decision.questionnaires == ["http://example.org/Questionnaire/q"])  // the policy's, by default
        #expect(decision.reasons == [.init(code: "gold-card", text: "Gold-carded.")])
        #expect(decision.limits?.quantity == RuleQuantity(value: JSONNumber(12), unit: "visit"))
        #expect(decision.limits?.period?.end == "2026-12-31")
        #expect(decision.note == "Fill in the form.")
    }

    @Test func alternativesAndAdditionalOrdersAreRead() async throws {
        let result = try await coverage(
            """
            { covered = "covered", pa_needed = "no-auth",
              alternatives = { { system = "s", code = "72148", display = "MRI", reason = "No contrast needed." } },
              additional_orders = { { system = "h", code = "G0399", reason = "Needs a test." },
                                    { resource_type = "DeviceRequest", system = "h", code = "E0562" } } }
            """)
        #expect(result.record.error == nil)
        #expect(result.decision.alternatives == [.init(coding: RuleCoding(system: "s", code: "72148", display: "MRI"), reason: "No contrast needed.")])
        #expect(result.decision.additionalOrders.map(\.resourceType) == [.serviceRequest, .deviceRequest])
        #expect(result.decision.additionalOrders.first?.reason == "Needs a test.")
        #expect(result.record.decision?["additional_orders"]?[0]?["resource_type"] == "ServiceRequest")
        #expect(result.record.decision?["alternatives"]?[0]?["code"] == "72148")
    }

    @Test(arguments: [
        (#"{ covered = "maybe", pa_needed = "no-auth" }"#, "covered is \"maybe\""),
        (#"{ covered = "covered", pa_needed = "no-auth", alternatives = { { code = "1" } } }"#, "alternatives[1].system is missing"),
        (#"{ covered = "covered", pa_needed = "no-auth", additional_orders = { { system = "s", code = "1", resource_type = "Appointment" } } }"#, "resource_type"),
        (#"{ covered = "covered", pa_needed = "no-auth", alternatives = { { system = "s", code = "1", why = "x" } } }"#, "unknown field alternatives[1].why"),
        (#"{ covered = "covered" }"#, "pa_needed is missing"),
        (#"{ covered = "covered", pa_needed = "no-auth", doc_needed = "lots" }"#, "doc_needed"),
        (#"{ covered = "covered", pa_needed = "no-auth", doc_purpose = { "later" } }"#, "doc_purpose[1]"),
        (#"{ covered = "covered", pa_needed = "no-auth", info_needed = "performer" }"#, "info_needed must be a list"),
        (#"{ covered = "covered", pa_need = "no-auth" }"#, "unknown field pa_need"),
        (#"{ covered = "covered", pa_needed = "no-auth", reasons = { {} } }"#, "needs a code or a text"),
        ("nil", "returned nothing"),
        (#""covered""#, "must return a table"),
    ])
    func invalidCoverageFallsBack(lua: String, expected: String) async throws {
        let result = try await coverage(lua)
        #expect(result.record.error?.kind == .output)
        #expect(result.record.error?.message.contains(expected) == true, "\(result.record.error?.message ?? "")")
        #expect(result.decision.covered == .conditional)
        #expect(result.decision.paNeeded == .conditional)
        #expect(result.record.decision?["pa_needed"] == "conditional")
    }

    @Test func coverageRuntimeErrorFallsBack() async throws {
        let result = try await coverage(#"error("no data")"#)
        #expect(result.record.error?.kind == .runtime)
        #expect(result.record.error?.message.contains("policies/c.lua:") == true)
        #expect(result.record.error?.message.contains("no data") == true)
        #expect(result.decision.covered == .conditional)
    }

    @Test func approveAndModify() async throws {
        let approve = try await adjudicate(#"{ action = "approve", quantity = { value = 1 }, note = "ok" }"#)
        #expect(approve.decision.action == .approve)
        #expect(approve.decision.ruleAction == nil)
        let modify = try await adjudicate(
            #"{ action = "modify", quantity = { value = 12, unit = "visit" }, reasons = { "AT" }, note = "12 of 20." }"#)
        #expect(modify.decision.action == .modify)
        #expect(modify.decision.reasons == ["AT"])
    }

    @Test(arguments: [
        (#"{ action = "deny", note = "no" }"#, "needs at least one reason"),
        (#"{ action = "deny", reasons = { "AT" } }"#, "needs a note"),
        (#"{ action = "modify", reasons = { "AT" }, note = " " }"#, "needs a note"),
        (#"{ action = "deny", reasons = { "not a code" }, note = "x" }"#, "X12 review decision reason code"),
        (#"{ action = "maybe" }"#, "action is \"maybe\""),
        (#"{ action = "approve", quantity = { value = "many" } }"#, "quantity.value must be a number"),
    ])
    func invalidAdjudicationPends(lua: String, expected: String) async throws {
        let result = try await adjudicate(lua)
        #expect(result.record.error?.kind == .output)
        #expect(result.record.error?.message.contains(expected) == true, "\(result.record.error?.message ?? "")")
        #expect(result.decision.action == .pend)
        #expect(result.decision.review.first?.contains(expected) == true)
    }

    @Test func clinicalDenyBecomesPend() async throws {
        let result = try await adjudicate(#"{ action = "deny", reasons = { "0Y" }, note = "Not medically necessary." }"#)
        #expect(result.record.error == nil)
        #expect(result.decision.action == .pend)
        #expect(result.decision.ruleAction == .deny)
        #expect(result.decision.reasons == ["0Y"])
        #expect(result.decision.review.last?.contains("Not medically necessary.") == true)
        #expect(result.record.decision?["rule_action"] == "deny")
        #expect(result.record.output?["action"] == "deny")
    }

    @Test func administrativeOrAutoDenyStands() async throws {
        let administrative = try await adjudicate(
            #"{ action = "deny", administrative = true, reasons = { "AT" }, note = "Not a covered benefit." }"#)
        #expect(administrative.decision.action == .deny)
        #expect(administrative.decision.administrative)
        let automatic = try await adjudicate(
            #"{ action = "deny", reasons = { "0Y" }, note = "Not medically necessary." }"#, extra: "auto_deny = true,")
        #expect(automatic.decision.action == .deny)
        #expect(automatic.decision.ruleAction == nil)
    }

    @Test func adjudicateErrorOrAbsencePends() async throws {
        let failing = try await adjudicate(#"error("boom")"#)
        #expect(failing.decision.action == .pend)
        #expect(failing.record.error?.message.contains("boom") == true)
        let rules = try TemporaryRules(["policies/n.lua": policySource(id: "n")])
        let absent = try #require(await rules.engine().adjudicate(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(absent.decision.action == .pend)
        #expect(absent.record.error == nil)
        #expect(absent.decision.review.first?.contains("no adjudicate function") == true)
    }

    @Test func nextQuestion() async throws {
        let rules = try TemporaryRules([
            "policies/q.lua": policySource(
                id: "q",
                extra: """
                    next_question = function(req)
                        if req.answers and req.answers.weeks then return { complete = true } end
                        if req.answers and req.answers.bad then return { items = { { link_id = "x", text = "?", type = "essay" } } } end
                        return { items = { { link_id = "weeks", text = "How many weeks?", type = "integer", required = true } } }
                      end,
                    """),
            "policies/plain.lua": policySource(id: "plain", codes: ["1"]),
        ])
        let engine = try rules.engine()
        let first = try #require(await engine.nextQuestion(["answers": .object(JSONObject())], policyID: "q"))
        #expect(first.decision == .items([.init(linkID: "weeks", text: "How many weeks?", type: "integer", required: true)]))
        let done = try #require(await engine.nextQuestion(["answers": ["weeks": 8]], policyID: "q"))
        #expect(done.decision == .complete)
        let bad = try #require(await engine.nextQuestion(["answers": ["bad": true]], policyID: "q"))
        #expect(bad.decision == .wholeQuestionnaire)
        #expect(bad.record.error?.message.contains("essay") == true)
        #expect(await engine.nextQuestion([:], policyID: "plain") == nil)
        #expect(await engine.nextQuestion([:], policyID: "nope") == nil)
    }

    func nextQuestionItem(_ item: String) async throws -> RuleEvaluation<NextQuestion> {
        let rules = try TemporaryRules([
            "policies/q.lua": policySource(
                id: "q", extra: "next_question = function(req) return { items = { \(item) } } end,")
        ])
        return try #require(await rules.engine().nextQuestion(["answers": .object(JSONObject())], policyID: "q"))
    }

    @Test func multiSelectItemsRepeatWithCodedOptions() async throws {
        let result = try await nextQuestionItem("""
            { link_id = "flags", text = "Select all that apply.", type = "choice", repeats = true, required = true,
              options = { { code = "a", display = "A" }, { system = "urn:x", code = "b" }, "c" } }
            """)
        #expect(result.record.error == nil)
        let expected = NextQuestion.Item(
            linkID: "flags", text: "Select all that apply.", type: "choice",
            options: [["code": "a", "display": "A"], ["system": "urn:x", "code": "b"], "c"], required: true, repeats: true)
        #expect(result.decision == .items([expected]))
        #expect(result.decision.json["items"]?[0]?["repeats"] == true)
    }

    @Test(arguments: [
        (#"{ link_id = "x", text = "?", type = "boolean", repeats = true }"#, "repeats cannot be true for an item of type boolean"),
        (#"{ link_id = "x", text = "?", type = "integer", options = { "1" } }"#, "options are only for items of type choice"),
        (#"{ link_id = "x", text = "?", type = "choice", options = { { display = "No code" } } }"#, "items[1].options[1].code is missing"),
        (#"{ link_id = "x", text = "?", type = "choice", options = { { code = "a", value = 1 } } }"#, "unknown field items[1].options[1].value"),
        (#"{ link_id = "x", text = "?", type = "choice", repeats = "yes" }"#, "repeats must be true or false"),
    ])
    func invalidNextQuestionItemsServeTheWholeForm(item: String, expected: String) async throws {
        let result = try await nextQuestionItem(item)
        #expect(result.decision == .wholeQuestionnaire)
        #expect(result.record.error?.message.contains(expected) == true, "\(result.record.error?.message ?? "")")
    }
}
