import FHIR
import Testing
@_spi(Benchmark) @testable import Rules

/// A `resource` object or a `prior_authorizations` list in a call's input is encoded and built
/// only when the policy reads it (ValueTape's deferred members, CLuaShim's EXTERNAL ops):
/// reading and iterating behave as if it had been built at once; a table kept past its call
/// cannot build another request's data later.
struct DeferredMemberTests {
    static let input: JSON = [
        "patient": [
            "id": "member-001", "age": 70,
            "resource": ["resourceType": "Patient", "name": [["family": "Alvarez", "given": ["Margaret"]]], "contained": [
                ["resource": ["resourceType": "Organization", "name": "Nested"]],
            ]],
        ],
        "empty": ["resource": [:]],
        "member": [
            "id": "member-001",
            "prior_authorizations": [
                ["service": ["code": "72148"], "status": "certified"],
                ["service": ["code": "E0601"], "status": "denied"],
            ],
        ],
        "fresh": ["prior_authorizations": []],
        // Only the names' own kinds are deferred: an object named prior_authorizations is built.
        "odd": ["prior_authorizations": ["n": 1], "resource": [1, 2]],
    ]

    /// A state whose one policy's `coverage(input)` runs `body`; the globals it sets stay its
    /// own from call to call.
    func state(_ body: String, limits: RuleLimits = RuleLimits(instructionBudget: 100_000_000)) throws -> LuaState {
        try TemporaryRules(["policies/p.lua": policySource(id: "p", coverage: "function(input)\n\(body)\nend")])
            .engine(limits: limits).pool.ruleSet.makeState()
    }

    func call(_ state: LuaState, _ input: JSON = Self.input) throws(LuaFailure) -> LuaState.Invocation {
        try state.invoke(index: 1, function: .coverage, input: input)
    }

    @Test func aResourceReadsAsBuilt() throws {
        let state = try state("""
            local p = input.patient
            local before = rawget(p, "resource")
            return {
              before == nil,
              p.resource.resourceType, p.resource.name[1].given[1], #p.resource.name,
              p.resource.contained[1].resource.name,
              rawget(p, "resource") ~= nil,
              next(input.empty.resource) == nil,
            }
            """)
        let invocation = try call(state)
        #expect(invocation.output == [true, "Patient", "Margaret", 1, "Nested", true, true])
        #expect(invocation.unread == ["member.prior_authorizations"])
    }

    @Test func theHistoryReadsAsBuilt() throws {
        let state = try state("""
            local m = input.member
            local before = rawget(m, "prior_authorizations")
            local codes = {}
            for _, pa in ipairs(m.prior_authorizations) do codes[#codes + 1] = pa.service.code .. ":" .. pa.status end
            return {
              before == nil, #m.prior_authorizations, table.concat(codes, ","),
              rawget(m, "prior_authorizations") ~= nil, m.id,
              #input.fresh.prior_authorizations, input.odd.prior_authorizations.n, #input.odd.resource,
            }
            """)
        let invocation = try call(state)
        #expect(invocation.output == [true, 2, "72148:certified,E0601:denied", true, "member-001", 0, 1, 2])
        #expect(invocation.unread == ["patient.resource"])
    }

    @Test func pairsSeesTheDeferredMembers() throws {
        let state = try state("""
            local function keys(t)
              local list = {}
              for key in pairs(t) do list[#list + 1] = key end
              table.sort(list)
              return list
            end
            return { keys(input.patient), keys(input.member) }
            """)
        let invocation = try call(state)
        #expect(invocation.output == [["age", "id", "resource"], ["id", "prior_authorizations"]])
        #expect(invocation.unread.isEmpty)
    }

    /// A table a policy keeps in its globals keeps what was built during its call; a member
    /// it had not read then is refused later, naming it, rather than built from another call's
    /// input (or from nothing).
    @Test func aKeptTableCannotBuildAfterItsCall() throws {
        let state = try state("""
            if input.keep then
              kept, read = input.patient, input.member
              local _ = read.prior_authorizations
              return 0
            end
            if input.which == "read" then return #read.prior_authorizations end
            return kept.resource.name[1].family
            """)
        var first = Self.input
        first["keep"] = true
        _ = try call(state, first)
        #expect(try call(state, ["which": "read"]).output == 2)
        #expect {
            try call(state, ["which": "kept"])
        } throws: { error in
            let failure = error as? LuaFailure
            return failure?.kind == .runtime && failure?.message.contains("'resource'") == true
                && failure?.message.contains("earlier evaluation") == true
        }
        // The state is still good for the next call.
        #expect(try call(state, ["which": "read"]).output == 2)
    }

    @Test func theMetatableIsProtected() throws {
        let state = try state("""
            if input.swap then setmetatable(input.patient, {}) end
            return getmetatable(input.patient)
            """)
        #expect(try call(state).output == false)
        var swap = Self.input
        swap["swap"] = true
        #expect(throws: LuaFailure.self) { try call(state, swap) }
    }

    /// A finalizer run by the collector while one deferred member is being built (an
    /// allocation in the build steps the collector) reads another: each expansion has buffers of
    /// its own, so both come out whole. The finalizer notes whether the first build was under way.
    @Test func aFinalizerReadsAnotherMemberDuringABuild() throws {
        var limits = RuleLimits(instructionBudget: 100_000_000, memoryCap: 256 << 20)
        limits.sandboxed = false  // for collectgarbage
        let state = try state("""
            collectgarbage("incremental", 1, 1000)
            local during, counts = 0, {}
            for i = 1, 200 do
              setmetatable({}, { __gc = function()
                if rawget(input.patient, "resource") == nil then during = during + 1 end
                counts[#counts + 1] = #input.member.prior_authorizations
              end })
            end
            local entries = input.patient.resource.entries
            local sum = 0
            for _, entry in ipairs(entries) do sum = sum + entry.n end
            collectgarbage()
            local history = 0
            for _, n in ipairs(counts) do history = history + n end
            return { #entries, sum, during > 0, history == #counts * 300, #counts > 0 }
            """, limits: limits)
        let entries = (1...5_000).map { n -> JSON in ["n": .number(JSONNumber(n)), "text": .string("entry \(n)")] }
        let history = (1...300).map { n -> JSON in ["service": ["code": .string("C\(n)")], "status": "certified"] }
        let input: JSON = [
            "patient": ["resource": ["resourceType": "Bundle", "entries": .array(entries)]],
            "member": ["prior_authorizations": .array(history)],
        ]
        #expect(try call(state, input).output == [5_000, 12_502_500, true, true, true])
    }

    /// A member too deep to give to Lua fails the call when read, naming the problem.
    @Test func aMemberThatCannotBeEncodedFailsWhenRead() throws {
        var deep: JSON = ["bottom": true]
        for _ in 0..<(ValueTape.maximumDepth + 5) { deep = ["down": deep] }
        let state = try state("""
            if input.read then return input.patient.resource.down ~= nil end
            return input.patient.id
            """)
        #expect(try call(state, ["patient": ["id": "p1", "resource": deep]]).output == "p1")
        #expect {
            try call(state, ["read": true, "patient": ["id": "p1", "resource": deep]])
        } throws: { error in
            (error as? LuaFailure)?.message.contains("nested more than") == true
        }
    }
}
