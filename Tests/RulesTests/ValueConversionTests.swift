import FHIR
import Foundation
import Testing
@testable import Rules

/// JSON → Lua → JSON, through a policy that returns its input unchanged.
@Suite struct ValueConversionTests {
    func roundTrip(_ value: JSON) async throws -> RuleEvaluationRecord {
        let rules = try TemporaryRules([
            "policies/echo.lua": policySource(id: "echo", coverage: "function(req) return req end")
        ])
        let engine = try rules.engine()
        return await engine.evaluate(function: "coverage", policyID: "echo", input: value)
    }

    @Test func nestedValuesRoundTrip() async throws {
        let input = try JSON.parse(#"""
            {"a": 1, "b": -2.5, "c": "text ✓", "d": true, "e": false, "f": [1, [2, [3, {"g": "h"}]]],
             "empty_array": [], "empty_object": {}, "nested": {"list": [], "map": {}},
             "big": 9007199254740993, "exp": 1e3, "small": 0.1}
            """#)
        let record = try await roundTrip(input)
        let output = try #require(record.output)
        #expect(output["a"] == 1)
        #expect(output["b"] == .number(JSONNumber(-2.5)))
        #expect(output["c"] == "text ✓")
        #expect(output["d"] == true)
        #expect(output["e"] == false)
        #expect(output["f"] == [1, [2, [3, ["g": "h"]]]])
        #expect(output["empty_array"] == .array([]))
        #expect(output["empty_object"] == .object(JSONObject()))
        #expect(output["nested"] == ["list": .array([]), "map": .object(JSONObject())])
        #expect(output["big"] == .number(JSONNumber(9_007_199_254_740_993)))  // a Lua integer, exact
        #expect(output["exp"] == 1000)  // 1e3 is a float in Lua; integral floats print as integers
        #expect(output["small"] == .number(JSONNumber(0.1)))
        // It is not a coverage answer, so the record explains why.
        #expect(record.error?.kind == .output)
    }

    @Test func nullsBecomeNil() async throws {
        let record = try await roundTrip(["kept": 1, "dropped": .null])
        #expect(record.output == ["kept": 1])
    }

    @Test func integersAndFloatsKeepTheirLuaTypes() async throws {
        let rules = try TemporaryRules([
            "policies/types.lua": policySource(
                id: "types",
                coverage: """
                    function(req)
                        return { covered = "covered", pa_needed = "no-auth",
                                 note = math.type(req.i) .. " " .. math.type(req.f) .. " " .. math.type(req.e) }
                      end
                    """)
        ])
        let engine = try rules.engine()
        let record = await engine.evaluate(function: "coverage", policyID: "types", input: ["i": 3, "f": 3.5, "e": .number(JSONNumber(literal: "3.0")!)])
        #expect(record.decision?["note"] == "integer float float")
    }

    func output(of lua: String) async throws -> RuleEvaluationRecord {
        let rules = try TemporaryRules([
            "policies/out.lua": policySource(id: "out", coverage: "function(req) return \(lua) end")
        ])
        return await (try rules.engine()).evaluate(function: "coverage", policyID: "out", input: [:])
    }

    @Test func unconvertibleResultsAreErrors() async throws {
        let cases: [(String, String)] = [
            ("{ f = function() end }", ".f: a function cannot be part of a result"),
            ("{ [true] = 1 }", "a table key must be a string"),
            ("{ 1, 2, x = 3 }", "mixes list items and named fields"),
            ("{ [1] = 1, [3] = 3 }", "gaps"),
            ("{ n = 0/0 }", "not a JSON number"),
            ("{ n = math.huge }", "not a JSON number"),
            ("(function() local t = {} t.self = t return t end)()", "nested more than"),
        ]
        for (lua, expected) in cases {
            let record = try await output(of: lua)
            #expect(record.error?.kind == .output, "\(lua)")
            #expect(record.error?.message.contains(expected) == true, "\(lua): \(record.error?.message ?? "no error")")
            #expect(record.decision?["covered"] == "conditional")
        }
    }

    @Test func objectsComeBackSortedByKey() async throws {
        let record = try await output(of: "{ zeta = 1, alpha = 2, mid = 3 }")
        #expect(record.output?.object?.keys == ["alpha", "mid", "zeta"])
    }
}
