import FHIR

/// The references the coverage decisions follow that no prefetch template covers: who asks
/// for an order and who performs it (and, for a PractitionerRole, its Practitioner and
/// Organization), what a prescription dispenses, and which payer a Coverage is with.
enum ReferenceTargets {
    /// An order's requester and performer, in each request type's own words, plus the
    /// medication or device it names by reference.
    static let orderPaths: [JSONPath] = [
        "requester", "performer", "orderer", "prescriber", "dispenseRequest.performer", "medicationReference",
        "codeReference",
    ]

    /// Appointment participants that are providers rather than the patient or a device.
    static let providerTypes: Set<String> = ["Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService"]

    static func of(order: JSON) -> [String] {
        var targets = orderPaths.flatMap { references(in: order, at: $0) }
        if order.resourceType == "Appointment" {
            targets += references(in: order, at: participantActor).filter {
                providerTypes.contains(String($0.prefix { $0 != "/" }))
            }
        }
        return targets
    }

    private static let participantActor: JSONPath = "participant.actor"

    static func of(practitionerRole role: JSON) -> [String] {
        references(in: role, at: "practitioner") + references(in: role, at: "organization")
    }

    static func of(coverage: JSON) -> [String] {
        references(in: coverage, at: "payor")
    }

    /// The relative addresses (`Type/id`) of the References at `path` (arrays descended);
    /// contained (`#id`) and `urn:` references name nothing the EHR's server can read.
    static func references(in resource: JSON, at path: JSONPath) -> [String] {
        resource.values(at: path).compactMap { $0["reference"]?.string }.compactMap(address)
    }

    /// `Type/id` of a reference written relative or absolute; `nil` for anything else.
    static func address(_ reference: String) -> String? {
        ResourceAddress(reference)?.relative
    }
}
