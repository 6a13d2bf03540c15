import FHIR
import Foundation
import Testing
@testable import Rules

@Suite struct LoadingTests {
    @Test func syntaxErrorNamesFileAndLine() throws {
        let rules = try TemporaryRules(["policies/imaging/broken.lua": "return policy {\n  id = 'broken'\n  title = 'x'\n}"])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].file == "policies/imaging/broken.lua")
        #expect(error.problems[0].line == 3)
    }

    @Test func unknownFieldIsALoadErrorAtThePolicyLine() throws {
        let source = "-- a comment\n\nreturn policy {\n  id = 'typo',\n  titel = 'x',\n  title = 'x',\n  services = { { system = 's', codes = { '1' } } },\n  coverage = function() end,\n}"
        let rules = try TemporaryRules(["policies/typo.lua": source])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 3)
        #expect(error.problems[0].message.contains("unknown field 'titel'"))
    }

    @Test func fieldTypesEnumsAndServicesAreChecked() throws {
        let rules = try TemporaryRules([
            "policies/types.lua": """
                return policy {
                  id = "Bad Id",
                  title = 42,
                  services = { { system = "s", codes = {} , extra = 1 } },
                  lines_of_business = { "medicare" },
                  auto_deny = "yes",
                  coverage = function() end,
                }
                """,
            "policies/missing.lua": "return policy { id = 'missing' }",
            "policies/noreturn.lua": "local x = 1",
        ])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        let byFile = Dictionary(grouping: error.problems, by: \.file)
        let types = try #require(byFile["policies/types.lua"]?.first?.message)
        #expect(types.contains("field 'title' must be a string"))
        #expect(types.contains("field 'auto_deny' must be a boolean"))
        #expect(types.contains("must be lowercase letters"))
        #expect(types.contains("services[1] has unknown field 'extra'"))
        #expect(types.contains("services[1].codes must not be empty"))
        #expect(types.contains("lines_of_business[1] is \"medicare\""))
        let missing = try #require(byFile["policies/missing.lua"]?.first?.message)
        #expect(missing.contains("missing required field 'title'"))
        #expect(missing.contains("missing required field 'coverage'"))
        #expect(byFile["policies/noreturn.lua"]?.first?.message.contains("return policy") == true)
    }

    @Test func runtimeErrorAtLoadNamesFileAndLine() throws {
        let rules = try TemporaryRules(["policies/boom.lua": "local x = nil\nlocal y = x.field\n" + policySource(id: "boom")])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.first?.line == 2)
        #expect(error.problems.first?.description.hasPrefix("policies/boom.lua:2: ") == true)
    }

    @Test func conflictingPoliciesNameBothFiles() throws {
        let rules = try TemporaryRules([
            "policies/a/one.lua": policySource(id: "one", codes: ["72148", "72149"]),
            "policies/b/two.lua": policySource(id: "two", codes: ["72149"], extra: #"plans = { "plan-a" },"#),
        ])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.count == 1)
        let message = error.problems[0].description
        #expect(message.contains("policies/a/one.lua"))
        #expect(message.contains("policies/b/two.lua"))
        #expect(message.contains("72149"))
    }

    @Test func disjointPlansAndLinesDoNotConflict() async throws {
        let rules = try TemporaryRules([
            "policies/a.lua": policySource(id: "a", extra: #"plans = { "plan-a" },"#),
            "policies/b.lua": policySource(id: "b", extra: #"plans = { "plan-b" },"#),
            "policies/c.lua": policySource(id: "c", extra: #"lines_of_business = { "medicaid" },"#),
        ])
        // c (every plan, Medicaid only) overlaps a and b on plans and lines: a conflict.
        #expect(throws: RuleLoadError.self) { try rules.engine() }
        try rules.write("policies/c.lua", policySource(id: "c", codes: ["12345"], extra: #"lines_of_business = { "medicaid" },"#))
        let engine = try rules.engine()
        #expect(engine.policy(for: service(), plan: "plan-a", lineOfBusiness: nil)?.id == "a")
        #expect(engine.policy(for: service(), plan: "plan-b", lineOfBusiness: "commercial")?.id == "b")
        #expect(engine.policy(for: service(), plan: "plan-c", lineOfBusiness: nil) == nil)
        #expect(engine.policy(for: service(), plan: nil, lineOfBusiness: nil) == nil)
        #expect(engine.policy(for: service("12345"), plan: "any", lineOfBusiness: "medicaid")?.id == "c")
        #expect(engine.policy(for: service("12345"), plan: "any", lineOfBusiness: "commercial") == nil)
        #expect(await engine.coverage(sampleRequest, service: service("00000"), plan: nil, lineOfBusiness: nil) == nil)
    }

    @Test func duplicateIDsAreRefused() throws {
        let rules = try TemporaryRules([
            "policies/one.lua": policySource(id: "same", codes: ["1"]),
            "policies/two.lua": policySource(id: "same", codes: ["2"]),
        ])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.first?.description.contains("policies/one.lua") == true)
    }

    @Test func hcpcsSpellingsAreOneSystem() throws {
        let rules = try TemporaryRules([
            "policies/h.lua": """
                return policy {
                  id = "h", title = "h",
                  services = { { system = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", codes = { "E0601" } } },
                  coverage = function() return { covered = "covered", pa_needed = "no-auth" } end,
                }
                """
        ])
        let engine = try rules.engine()
        let http = RuleService(system: "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", code: "E0601")
        #expect(engine.policy(for: http, plan: nil, lineOfBusiness: nil)?.id == "h")
    }

    @Test func reloadWithABrokenFileKeepsTheOldVersion() async throws {
        let rules = try TemporaryRules(["policies/p.lua": policySource(id: "p")])
        let engine = try rules.engine()
        let before = try #require(engine.policies.first)

        try rules.write("policies/p.lua", "return policy { id = 'p', !!! }")
        let report = engine.reload()
        #expect(!report.succeeded)
        guard case .failed(let error, let keeping) = report else { Issue.record("expected failure"); return }
        #expect(error.problems.first?.file == "policies/p.lua")
        #expect(keeping == [before])
        #expect(engine.policies == [before])
        let result = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(result.record.error == nil)
        #expect(result.record.policyVersion == before.version)

        let fixed = policySource(
            id: "p", coverage: #"function(req) return { covered = "not-covered", pa_needed = "no-auth" } end"#)
        try rules.write("policies/p.lua", fixed)
        #expect(engine.reload().succeeded)
        let after = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(after.decision.covered == .notCovered)
        #expect(after.record.policyVersion == RuleFiles.sha256Hex(Array(fixed.utf8)))
        #expect(after.record.policyVersion != before.version)
    }

    @Test func valueSetsAndDataReachTheLibrary() async throws {
        let rules = try TemporaryRules([
            "valuesets/colors.json": #"{"name": "colors", "codes": [1, 2.5, "x"]}"#,
            "data/limits.json": #"{"visits": 12}"#,
            "policies/v.lua": policySource(
                id: "v",
                coverage: """
                    function(req)
                        return { covered = "covered", pa_needed = "no-auth",
                                 note = _VALUESETS.colors.name .. " " .. _DATA.limits.visits .. " " .. math.type(_VALUESETS.colors.codes[2]) }
                      end
                    """),
        ])
        let engine = try rules.engine()
        let result = try #require(await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil))
        #expect(result.decision.note == "colors 12 float")
    }

    @Test func brokenJSONIsALoadErrorWithLine() throws {
        let rules = try TemporaryRules(["valuesets/bad.json": "{\n  \"a\": ,\n}"])
        let error = try #require(throws: RuleLoadError.self) { try rules.engine() }
        #expect(error.problems.first?.file == "valuesets/bad.json")
        #expect(error.problems.first?.line == 2)
    }
}
