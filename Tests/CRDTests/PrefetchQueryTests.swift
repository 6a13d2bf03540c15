import FHIR
import Testing
@testable import CRD

@Suite struct PrefetchQueryTests {
    let context: JSONObject = [
        "userId": "PractitionerRole/role-1", "patientId": "123", "encounterId": "987",
        "performer": "Organization/pharm1", "draftOrders": ["resourceType": "Bundle"], "priority": 2, "urgent": true,
        "requester": ["reference": "Practitioner/p 1"],
    ]

    @Test func fillsContextTokens() {
        #expect(PrefetchQuery(template: "Patient/{{context.patientId}}", context: context) == .query("Patient/123"))
        #expect(
            PrefetchQuery(template: "Coverage?patient={{context.patientId}}&status=active", context: context)
                == .query("Coverage?patient=123&status=active"))
        #expect(PrefetchQuery(template: "Encounter/{{ context.encounterId }}", context: context) == .query("Encounter/987"))
        // Any root-level primitive or reference: order-dispatch's performer fills a read.
        #expect(PrefetchQuery(template: "{{context.performer}}", context: context) == .query("Organization/pharm1"))
        #expect(PrefetchQuery(template: "X?n={{context.priority}}&u={{context.urgent}}", context: context) == .query("X?n=2&u=true"))
        #expect(PrefetchQuery(template: "Practitioner?_id={{context.requester}}", context: context) == .query("Practitioner?_id=Practitioner/p%201"))
    }

    @Test func fillsUserTokensByTheUsersType() {
        #expect(PrefetchQuery(template: "PractitionerRole?_id={{userPractitionerRoleId}}", context: context) == .query("PractitionerRole?_id=role-1"))
        #expect(
            PrefetchQuery(template: "Practitioner/{{userPractitionerId}}", context: context)
                == .notApplicable(token: "{{userPractitionerId}}"))
        for (user, token, id) in [
            ("Practitioner/abc", "userPractitionerId", "abc"), ("Patient/p1", "userPatientId", "p1"),
            ("RelatedPerson/r1", "userRelatedPersonId", "r1"), ("http://ehr.example/fhir/Practitioner/abc", "userPractitionerId", "abc"),
        ] {
            #expect(PrefetchQuery(template: "{{\(token)}}", context: ["userId": .string(user)]) == .query(id))
        }
    }

    @Test func percentEncodesValuesSoTheyCannotReshapeTheQuery() {
        let awkward: JSONObject = ["patientId": "a b&c=d,e|f+g#h?i%j/k:l", "userId": "Practitioner/x"]
        #expect(
            PrefetchQuery(template: "Coverage?patient={{context.patientId}}&status=active", context: awkward)
                == .query("Coverage?patient=a%20b%26c%3Dd%2Ce%7Cf%2Bg%23h%3Fi%25j/k:l&status=active"))
        #expect(PrefetchQuery(template: "Patient/{{context.patientId}}", context: ["patientId": "é"]) == .query("Patient/%C3%A9"))
        #expect(PrefetchQuery(template: "Patient/{{context.patientId}}", context: ["patientId": "Az09-._~"]) == .query("Patient/Az09-._~"))
    }

    @Test func tokensWithoutAValueMakeTheTemplateNotApplicable() {
        let noEncounter: JSONObject = ["patientId": "123", "userId": "Practitioner/abc"]
        #expect(PrefetchQuery(template: "Encounter/{{context.encounterId}}", context: noEncounter) == .notApplicable(token: "{{context.encounterId}}"))
        #expect(PrefetchQuery(template: "X?_id={{context.draftOrders}}", context: context) == .notApplicable(token: "{{context.draftOrders}}"))
        #expect(PrefetchQuery(template: "Patient/{{context.patientId}}", context: ["patientId": ""]).query == nil)
        #expect(PrefetchQuery(template: "Patient/{{context.patientId}}", context: ["patientId": .null]).query == nil)
        // FHIRPath tokens (pre-adopted by CRD) are not evaluated here.
        let fhirPath = "Device?_id={{context.draftOrders.entry.resource.ofType(DeviceRequest).code.resolve().id}}"
        #expect(PrefetchQuery(template: fhirPath, context: context).query == nil)
        #expect(PrefetchQuery(template: "Practitioner?_id={{%practitionerRoles.entry.resource.practitioner}}", context: context).query == nil)
        #expect(PrefetchQuery(template: "Patient/{{context.patientId", context: context) == .notApplicable(token: "{{context.patientId"))
        #expect(PrefetchQuery(template: "Patient?active=true", context: context) == .query("Patient?active=true"))
    }

    @Test(arguments: HookName.allCases)
    func catalogTemplatesAreValidAndUseOnlyStandardTokens(hook: HookName) {
        let templates = PrefetchCatalog.templates(for: hook)
        #expect(Set(templates.map(\.key)).count == templates.count)
        #expect(templates.first { $0.key == "patient" }?.query == "Patient/{{context.patientId}}")
        #expect(templates.first { $0.key == "coverage" }?.query == "Coverage?patient={{context.patientId}}&status=active")
        #expect(templates.filter(\.isRequired).map(\.key) == ["patient", "coverage"])
        #expect(templates.contains { $0.key == "encounter" } == (hook != .orderDispatch))
        let standard: Set<String> = [
            "context.patientId", "context.encounterId", "userPractitionerId", "userPractitionerRoleId",
        ]
        for template in templates {
            let tokens = template.query.split(separator: "{{").dropFirst().map { String($0.prefix { $0 != "}" }) }
            #expect(!tokens.isEmpty && tokens.allSatisfy(standard.contains), "\(template.key): \(template.query)")
            #expect(!template.query.hasPrefix("/") && !template.query.contains("://"))
        }
    }

    /// A Practitioner user fills `practitioners`, a PractitionerRole user `practitionerRoles`.
    @Test func theUsersTemplateFollowsTheUsersType() {
        let templates = PrefetchCatalog.templates(for: .orderSign)
        func applicable(for user: String) -> [String] {
            let context: JSONObject = ["userId": .string(user), "patientId": "123"]
            return templates.filter { PrefetchQuery(template: $0.query, context: context).query != nil }.map(\.key)
        }
        #expect(applicable(for: "Practitioner/abc") == ["patient", "coverage", "practitioners"])
        #expect(applicable(for: "PractitionerRole/abc") == ["patient", "coverage", "practitionerRoles"])
        let roles = templates.first { $0.key == "practitionerRoles" }?.query ?? ""
        #expect(roles.contains("_include=PractitionerRole:organization") && roles.contains("_include=PractitionerRole:location"))
    }
}
