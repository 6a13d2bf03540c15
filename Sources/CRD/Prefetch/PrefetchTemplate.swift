/// One prefetch key the service asks EHRs for, with its query template (CDS Hooks 2.0
/// §Prefetch: a relative FHIR read or search with `{{context.…}}` and `{{user…Id}}` tokens).
public struct PrefetchTemplate: Sendable, Hashable {
    public var key: String
    public var query: String
    /// Whether the service cannot decide without this key's data: when it is neither in
    /// `prefetch` nor fetchable from `fhirServer`, the call is answered 412. A key the EHR sent
    /// as `null` ("no data") is an answer, not a gap, and never a 412.
    public var isRequired: Bool

    public init(key: String, query: String, isRequired: Bool = false) {
        self.key = key
        self.query = query
        self.isRequired = isRequired
    }
}

/// The prefetch templates each hook's service declares in discovery, and the queries the
/// service runs itself against `fhirServer` for keys the EHR left out.
///
/// Only the tokens CDS Hooks 2.0 defines are used (no FHIRPath), so every EHR can fill them.
/// Keys follow the CRD guide's example services (`practitioners`, `practitionerRoles`), so
/// an EHR configured for those fills ours too. What the templates cannot reach — an order's
/// requester or performer, a Coverage's payor — ``HookDataGatherer`` reads by reference.
public enum PrefetchCatalog {
    public static func templates(for hook: HookName) -> [PrefetchTemplate] {
        var templates = [
            PrefetchTemplate(key: "patient", query: "Patient/{{context.patientId}}", isRequired: true),
            // CRD: the EHR sends the one Coverage it believes applies; active ones only.
            PrefetchTemplate(key: "coverage", query: "Coverage?patient={{context.patientId}}&status=active", isRequired: true),
        ]
        if hook != .orderDispatch {  // order-dispatch's context has no encounter.
            templates.append(PrefetchTemplate(key: "encounter", query: "Encounter/{{context.encounterId}}"))
        }
        if !hook.userTypes.isEmpty {
            // One of the two applies, by the type of context.userId.
            templates.append(PrefetchTemplate(key: "practitioners", query: "Practitioner?_id={{userPractitionerId}}"))
            templates.append(
                PrefetchTemplate(
                    key: "practitionerRoles",
                    query: "PractitionerRole?_id={{userPractitionerRoleId}}&_include=PractitionerRole:practitioner"
                        + "&_include=PractitionerRole:organization&_include=PractitionerRole:location"))
        }
        return templates
    }
}
