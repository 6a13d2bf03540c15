import FHIR
import Foundation
import Testing
@testable import Rules

/// The `gl` helper library, called directly in a sandboxed state that holds the library, a
/// gold-card table and a value set — as a policy would call it.
@Suite struct GreenlightLibraryTests {
    static let goldCard = """
        { "entries": [
          { "npi": "1200000051", "name": "Current", "start": "2026-01-01", "expires": "2027-06-30",
            "services": [ { "system": "http://www.ama-assn.org/go/cpt", "codes": ["70551", "70552"] } ] },
          { "npi": "1200000044", "name": "Lapsed 2025", "start": "2024-07-01", "expires": "2025-06-30",
            "services": [ { "system": "http://www.ama-assn.org/go/cpt", "codes": ["70551"] } ] },
          { "npi": "1200000044", "name": "Lapsed 2026", "start": "2025-07-01", "expires": "2026-06-30",
            "services": [ { "system": "http://www.ama-assn.org/go/cpt", "code": "70551" } ] },
          { "npi": "1200000010", "name": "Plan only", "start": "2026-07-01", "expires": "2027-06-30",
            "plans": ["H1234-001"],
            "services": [ { "system": "http://www.ama-assn.org/go/cpt", "codes": ["72148"] } ] },
          { "npi": "1200000099", "name": "No expiry", "start": "2026-01-01",
            "services": [ { "system": "http://www.ama-assn.org/go/cpt", "codes": ["72148"] } ] }
        ] }
        """

    /// A state with the library loaded, and the data and value set above.
    func state(limits: RuleLimits = RuleLimits()) throws -> LuaState {
        let rules = try TemporaryRules([
            "policies/p.lua": policySource(id: "p"),
            "data/gold-card.json": Self.goldCard,
            "valuesets/spine.json": """
                { "name": "spine", "codes": [
                  { "system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M51.16" },
                  { "system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "E0601" } ] }
                """,
        ])
        return try rules.engine(limits: limits).pool.ruleSet.makeState()
    }

    func run(_ lua: String) throws -> JSON {
        try state().run(lua, chunkname: "=test")
    }

    @Test func codesCompareNormalized() throws {
        let result = try run("""
            local vs = gl.valueset("spine")
            return {
              vs:contains("http://hl7.org/fhir/sid/icd-10-cm", "m5116"),
              vs:contains("urn:oid:2.16.840.1.113883.6.90", " M51.16 "),
              vs:contains("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "e0601"),
              vs:contains("http://hl7.org/fhir/sid/icd-10-cm", "M51.17"),
              gl.has_code({ { system = "http://www.ama-assn.org/go/cpt/", code = 72148 } }, "http://www.ama-assn.org/go/cpt", "72148"),
              -- asked twice: the second answer comes from the memo and must agree
              vs:contains("http://hl7.org/fhir/sid/icd-10-cm", "m5116"),
              gl.has_code({ { system = "http://www.ama-assn.org/go/cpt", code = "72149" } }, "http://www.ama-assn.org/go/cpt", "72148"),
            }
            """)
        #expect(result == [true, true, true, false, true, true, false])
    }

    /// Thousands of distinct codes: the memo is emptied at its limit, so the state's memory
    /// stays bounded and answers stay right after the reset.
    @Test func keyMemoIsBounded() throws {
        let state = try state(limits: RuleLimits(instructionBudget: 100_000_000))
        try state.run("""
            for i = 1, 20000 do gl.has_code({ { system = "urn:test", code = "C" .. i } }, "urn:test", "C" .. i) end
            """, chunkname: "=warm")
        let before = state.memoryUsed
        let result = try state.run("""
            local hits = 0
            for i = 20001, 60000 do
              if gl.has_code({ { system = "urn:test", code = "C" .. i } }, "urn:test", "C" .. i) then hits = hits + 1 end
            end
            return hits
            """, chunkname: "=many")
        #expect(result == 40000)
        #expect(state.memoryUsed < before + 2_000_000, "memory grew from \(before) to \(state.memoryUsed)")
    }

    @Test func parsedDatesAreCopies() throws {
        let result = try run("""
            local a = gl.date.parse("2026-11-23")
            a.day_number = 0; a.iso = "changed"
            local b = gl.date.parse("2026-11-23")
            return { b.iso, gl.date.add_days("2026-11-23", 1), gl.date.days_between("2026-11-22", "2026-11-23") }
            """)
        #expect(result == ["2026-11-23", "2026-11-24", 1])
    }

    @Test func dateArithmetic() throws {
        let result = try run("""
            return {
              gl.date.add_months("2026-01-31", 1), gl.date.add_months("2024-03-31", -1),
              gl.date.add_days("2026-12-31", 1), gl.date.year_end("2026-02-10"),
              gl.age("2008-02-29", "2026-02-28"), gl.age("2008-02-29", "2026-03-01"),
              gl.date.before("2026-11-22T23:59:00Z", "2026-11-23"), gl.date.parse("2026-02-30") == nil,
            }
            """)
        #expect(result == ["2026-02-28", "2024-02-29", "2027-01-01", "2026-12-31", 17, 18, true, true])
    }

    @Test func goldCardCurrentOnlyWithinItsDates() throws {
        let result = try run("""
            local mri = { system = "http://www.ama-assn.org/go/cpt", code = "70551" }
            local function name(e) return e and e.name or "none" end
            return {
              name(gl.gold_card("1200000051", mri, "2026-11-23")),
              name(gl.gold_card("1200000051", mri, "2027-06-30")),
              name(gl.gold_card("1200000051", mri, "2027-07-01")),
              name(gl.gold_card("1200000051", mri, "2025-12-31")),
              name(gl.gold_card(1200000051, { system = "http://www.ama-assn.org/go/cpt", code = "70552" }, "2026-11-23")),
              name(gl.gold_card("1200000051", { system = "http://www.ama-assn.org/go/cpt", code = "70553" }, "2026-11-23")),
              name(gl.gold_card("1200000044", mri, "2026-11-23")),
              name(gl.gold_card("1200000099", { system = "http://www.ama-assn.org/go/cpt", code = "72148" }, "2026-11-23")),
            }
            """)
        #expect(result == ["Current", "Current", "none", "none", "Current", "none", "none", "none"])
    }

    @Test func goldCardHonoursPlans() throws {
        let result = try run("""
            local lumbar = { system = "http://www.ama-assn.org/go/cpt", code = "72148" }
            local function name(e) return e and e.name or "none" end
            local function req(plan)
              return { today = "2026-11-23", service = lumbar, requester = { npi = "1200000010" },
                       coverage = plan and { plan_id = plan } or nil }
            end
            return { name(gl.requester_gold_card(req("H1234-001"))), name(gl.requester_gold_card(req("H9999-001"))),
                     name(gl.requester_gold_card(req(nil))) }
            """)
        #expect(result == ["Plan only", "none", "Plan only"])
    }

    @Test func lapsedGoldCardIsTheLatestExpired() throws {
        let result = try run("""
            local mri = { system = "http://www.ama-assn.org/go/cpt", code = "70551" }
            local function name(e) return e and e.name or "none" end
            local function req(npi, today) return { today = today, service = mri, requester = { npi = npi } } end
            return {
              name(gl.requester_lapsed_gold_card(req("1200000044", "2026-11-23"))),
              name(gl.requester_lapsed_gold_card(req("1200000044", "2026-01-10"))),
              name(gl.requester_lapsed_gold_card(req("1200000044", "2025-01-10"))),
              name(gl.requester_lapsed_gold_card(req("1200000051", "2026-11-23"))),
              name(gl.requester_lapsed_gold_card({ today = "2026-11-23", service = mri })),
            }
            """)
        #expect(result == ["Lapsed 2026", "Lapsed 2025", "none", "none", "none"])
    }

    @Test func countPriorCountsGrantedSince() throws {
        let result = try run("""
            local cpt = "http://www.ama-assn.org/go/cpt"
            local req = { member = { prior_authorizations = {
              { service = { system = cpt, code = "72148" }, status = "approved", decided = "2026-03-01", quantity = { value = 1 } },
              { service = { system = cpt, code = "72149" }, status = "A1", decided = "2025-12-01", quantity = 2 },
              { service = { system = cpt, code = "72148" }, status = "denied", decided = "2026-05-01" },
              { service = { system = cpt, code = "72148" }, status = "approved", decided = "2024-01-01" },
            } } }
            local n, total = gl.count_prior(req, cpt, { "72148", "72149" }, "2025-11-23")
            local all = gl.count_prior(req, cpt, "72148", nil, { "approved", "denied" })
            return { n, total, all }
            """)
        #expect(result == [2, 3, 3])
    }
}
