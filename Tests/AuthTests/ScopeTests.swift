import Auth
import Testing

@Suite struct SMARTScopeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var scope: SMARTScope
        var testDescription: String { text }
    }

    static let v2Cases: [Case] = [
        Case(text: "system/Claim.c", scope: SMARTScope(context: .system, resourceType: "Claim", permissions: .c)),
        Case(text: "system/Claim.cruds", scope: SMARTScope(context: .system, resourceType: "Claim", permissions: .all)),
        Case(text: "user/Patient.rs", scope: SMARTScope(context: .user, resourceType: "Patient", permissions: .read)),
        Case(text: "patient/*.cud", scope: SMARTScope(context: .patient, resourceType: "*", permissions: .write)),
        Case(text: "system/ClaimResponse.rs", scope: SMARTScope(context: .system, resourceType: "ClaimResponse", permissions: [.r, .s])),
        Case(text: "system/Claim.cu", scope: SMARTScope(context: .system, resourceType: "Claim", permissions: [.c, .u])),
    ]

    @Test("v2 scopes parse to their letters", arguments: v2Cases)
    func parsesV2(_ example: Case) throws {
        let scope = try #require(SMARTScope(example.text))
        #expect(scope == example.scope)
        #expect(scope.description == example.text)
    }

    @Test("v1 scopes parse to their v2 equivalents")
    func parsesV1() throws {
        #expect(SMARTScope("system/Claim.read")?.description == "system/Claim.rs")
        #expect(SMARTScope("system/Claim.write")?.description == "system/Claim.cud")
        #expect(SMARTScope("system/*.*")?.description == "system/*.cruds")
        #expect(SMARTScope("user/Observation.read") == SMARTScope("user/Observation.rs"))
    }

    @Test("malformed scopes are refused", arguments: [
        "", "system", "system/Claim", "system/Claim.", "system/.rs", "System/Claim.rs", "group/Claim.rs",
        "system/claim.rs", "system/Cla-im.rs", "system/Claim.sr", "system/Claim.rr", "system/Claim.x",
        "system/Claim.READ", "system/Claim.rs?category=laboratory", "launch", "openid", "system/Claim.rs.x",
        "system/Claim/x.rs", "system//Claim.rs",
    ])
    func refusesMalformed(text: String) {
        #expect(SMARTScope(text) == nil)
    }

    @Test("covers: same context, wildcard or same type, permissions superset")
    func covers() throws {
        let all = try #require(SMARTScope("system/*.cruds"))
        let claimRead = try #require(SMARTScope("system/Claim.rs"))
        #expect(all.covers(claimRead))
        #expect(!claimRead.covers(all))
        #expect(claimRead.covers(try #require(SMARTScope("system/Claim.r"))))
        #expect(!claimRead.covers(try #require(SMARTScope("system/Claim.c"))))
        #expect(!claimRead.covers(try #require(SMARTScope("user/Claim.r"))))
        #expect(!claimRead.covers(try #require(SMARTScope("system/Patient.r"))))
        #expect(!claimRead.covers(try #require(SMARTScope("system/*.r"))))
    }

    @Test("parseList separates scopes from other words")
    func parseList() {
        let (scopes, invalid) = SMARTScope.parseList("system/Claim.c  system/ClaimResponse.read launch system/x.rs")
        #expect(scopes.map(\.description) == ["system/Claim.c", "system/ClaimResponse.rs"])
        #expect(invalid == ["launch", "system/x.rs"])
        #expect(SMARTScope.parseList("").scopes.isEmpty)
    }
}

@Suite struct ScopeRequirementTests {
    @Test("a requirement is met by one scope with the context, type (or *) and permissions")
    func satisfied() throws {
        let submit = ScopeRequirement("Claim", .c)
        #expect(submit.description == "system/Claim.c")
        #expect(submit.isSatisfied(by: SMARTScope.parseList("system/Claim.cru").scopes))
        #expect(submit.isSatisfied(by: SMARTScope.parseList("system/*.write").scopes))
        #expect(!submit.isSatisfied(by: SMARTScope.parseList("system/Claim.rs system/Patient.c").scopes))
        #expect(!submit.isSatisfied(by: SMARTScope.parseList("user/Claim.c").scopes))
        #expect(!submit.isSatisfied(by: []))

        // Permissions are not pooled across scopes.
        let readSearch = ScopeRequirement("Claim", .read)
        #expect(!readSearch.isSatisfied(by: SMARTScope.parseList("system/Claim.r system/Claim.s").scopes))
        #expect(readSearch.isSatisfied(by: SMARTScope.parseList("system/Claim.read").scopes))

        let either = ScopeRequirement("Patient", .r, contexts: [.user, .system])
        #expect(either.description == "system/Patient.r or user/Patient.r")
        #expect(either.isSatisfied(by: SMARTScope.parseList("user/Patient.rs").scopes))
        #expect(!either.isSatisfied(by: SMARTScope.parseList("patient/Patient.rs").scopes))
    }

    @Test("Caller.isAllowed checks its scopes")
    func caller() {
        let caller = Caller(clientID: "demo-clinic", kind: .provider, scopes: SMARTScope.parseList("system/Claim.cru").scopes)
        #expect(caller.isAllowed(ScopeRequirement("Claim", .c)))
        #expect(!caller.isAllowed(ScopeRequirement("Claim", .d)))
    }
}

@Suite struct ScopeGrantTests {
    func granted(_ requested: String, _ allowed: [String]) throws -> String {
        try ScopeGrant.grant(requested: requested, allowed: allowed).get().text
    }

    @Test("a covered scope is granted as sent, v1 staying v1")
    func coveredAsSent() throws {
        #expect(try granted("system/Claim.c", ["system/Claim.cru"]) == "system/Claim.c")
        #expect(try granted("system/Claim.read", ["system/*.rs"]) == "system/Claim.read")
        let result = try ScopeGrant.grant(requested: "system/Claim.read", allowed: ["system/*.rs"]).get()
        #expect(result.scopes == [try #require(SMARTScope("system/Claim.rs"))])
    }

    @Test("a broad request is narrowed to what is allowed")
    func narrows() throws {
        #expect(try granted("system/*.read", ["system/ClaimResponse.rs", "system/Claim.c"]) == "system/ClaimResponse.rs")
        #expect(try granted("system/*.rs", ["system/Claim.cruds"]) == "system/Claim.rs")
        #expect(try granted("system/Claim.cruds", ["system/Claim.rs"]) == "system/Claim.rs")
        #expect(try granted("system/Claim.rs", ["system/*.r"]) == "system/Claim.r")
        #expect(
            try granted("system/*.cruds", ["system/Claim.cru", "system/ClaimResponse.rs"])
                == "system/Claim.cru system/ClaimResponse.rs")
    }

    @Test("scopes not allowed are dropped; duplicates removed, order kept")
    func dropsAndDeduplicates() throws {
        #expect(
            try granted("system/Patient.rs system/Claim.c system/Claim.c launch openid", ["system/Claim.c", "openid"])
                == "system/Claim.c openid")
        #expect(try granted("system/Claim.rs system/Claim.read", ["system/Claim.rs"]) == "system/Claim.rs")
    }

    @Test("refusals name the problem")
    func refusals() {
        #expect(ScopeGrant.grant(requested: "  ", allowed: ["system/Claim.c"])
            == .failure(ScopeGrantError("scope is empty; name at least one scope")))
        #expect(ScopeGrant.grant(requested: "system/Claim.c system/Claim.x", allowed: ["system/Claim.c"])
            == .failure(ScopeGrantError("scope system/Claim.x is not a SMART scope (expected e.g. system/Claim.c)")))
        #expect(ScopeGrant.grant(requested: "system/Observation.rs?category=laboratory", allowed: ["system/*.rs"])
            == .failure(ScopeGrantError("scope system/Observation.rs?category=laboratory has a query; granular scopes are not supported")))
        #expect(ScopeGrant.grant(requested: "system/Patient.rs user/Claim.c", allowed: ["system/Claim.c"])
            == .failure(ScopeGrantError("none of the requested scopes can be granted to this client: system/Patient.rs user/Claim.c")))
        #expect(ScopeGrant.grant(requested: "system/Claim.c", allowed: [])
            == .failure(ScopeGrantError("none of the requested scopes can be granted to this client: system/Claim.c")))
    }
}
