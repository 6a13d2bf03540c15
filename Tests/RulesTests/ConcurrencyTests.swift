import FHIR
import Foundation
import Testing
@testable import Rules

@Suite struct ConcurrencyTests {
    @Test func sixtyFourTasksAgreeWithSerial() async throws {
        let rules = try TemporaryRules([
            "policies/calc.lua": policySource(
                id: "calc",
                coverage: """
                    function(req)
                        local sum = 0
                        for i = 1, req.n do sum = sum + i * i end
                        local pa = (sum % 2 == 0) and "auth-needed" or "no-auth"
                        return { covered = "covered", pa_needed = pa, note = tostring(sum) }
                      end
                    """)
        ])
        let engine = try rules.engine(poolSize: 4)
        func request(_ n: Int) -> JSON { ["n": .number(JSONNumber(n))] }
        var serial: [Int: JSON] = [:]
        for n in 0..<64 {
            serial[n] = await engine.coverage(request(n * 37), service: service(), plan: nil, lineOfBusiness: nil)?.record.decision
        }
        let concurrent = await withTaskGroup(of: (Int, JSON?).self) { group in
            for n in 0..<64 {
                group.addTask {
                    (n, await engine.coverage(request(n * 37), service: service(), plan: nil, lineOfBusiness: nil)?.record.decision)
                }
            }
            var results: [Int: JSON] = [:]
            for await (n, decision) in group { results[n] = decision }
            return results
        }
        #expect(concurrent.count == 64)
        #expect(concurrent == serial)
        #expect(engine.pool.idleCount <= 4)
    }

    @Test func reloadDuringEvaluationsIsSafe() async throws {
        let rules = try TemporaryRules(["policies/p.lua": policySource(id: "p")])
        let engine = try rules.engine(poolSize: 2)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    for _ in 0..<20 {
                        let result = await engine.coverage(sampleRequest, service: service(), plan: nil, lineOfBusiness: nil)
                        #expect(result?.record.error == nil)
                    }
                }
            }
            group.addTask {
                for _ in 0..<5 { #expect(engine.reload().succeeded) }
            }
        }
    }
}
