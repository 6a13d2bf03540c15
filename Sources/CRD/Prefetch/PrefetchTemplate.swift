/// One prefetch key the service asks EHRs for, with its query template (CDS Hooks 2.0
/// §Prefetch: a relative FHIR read or search with `{{context.…}}` and `{{user…Id}}` tokens).
public struct PrefetchTemplate: Sendable, Hashable {
    public var key: String
    public var query: String

    public init(key: String, query: String) {
        self.key = key
        self.query = query
    }
}

/// The prefetch templates each hook's service declares in discovery, and the queries the
/// service runs itself against `fhirServer` for keys the EHR left out.
public enum PrefetchCatalog {
    public static func templates(for hook: HookName) -> [PrefetchTemplate] {
        var templates = [
            PrefetchTemplate(key: "patient", query: "Patient/{{context.patientId}}"),
            PrefetchTemplate(key: "coverage", query: "Coverage?patient={{context.patientId}}&status=active"),
        ]
        switch hook {
        case .orderSign, .orderSelect, .appointmentBook, .encounterStart, .encounterDischarge:
            templates.append(PrefetchTemplate(key: "encounter", query: "Encounter/{{context.encounterId}}"))
            templates.append(PrefetchTemplate(key: "practitioner", query: "Practitioner/{{userPractitionerId}}"))
            templates.append(PrefetchTemplate(
                key: "practitionerRole",
                query: "PractitionerRole?_id={{userPractitionerRoleId}}&_include=PractitionerRole:organization&_include=PractitionerRole:location"))
        case .orderDispatch:
            break
        }
        return templates
    }
}
