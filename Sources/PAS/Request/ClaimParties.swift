import Eligibility
import FHIR

/// The parties a PAS Claim names — patient, coverage, insurer, provider — resolved in the
/// Bundle, with the identifiers a case is filed and searched under: member id, provider NPIs,
/// insurer identifier. The request and the inquiry read them alike.
struct ClaimParties: Sendable {
    var patient: JSON?
    var coverage: JSON?
    var insurer: JSON?
    var provider: JSON?

    /// Reads and checks the parties. A reference that resolves to nothing is left to
    /// ``ClaimReferenceCheck`` (one issue per problem); here a missing reference is `required`
    /// and one naming the wrong kind of resource is `value`.
    init(claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver, problems: inout BundleProblems) {
        let path = PASBundleEnvelope.claimPath
        // `reference` is the element named `element` (for messages), read directly: parsing its
        // name as a path for every request cost more than the rest of reading the parties.
        func party(_ element: String, _ reference: JSON?, _ types: Set<String>, at elementPath: String) -> JSON? {
            guard let reference, reference["reference"]?.string != nil else {
                problems.add(.required, "Claim.\(element) is required and must reference a resource in the Bundle.", at: elementPath)
                return nil
            }
            guard let resource = resolver.resolve(element: reference, from: entry) else { return nil }
            guard let type = resource.resourceType, types.contains(type) else {
                let allowed = types.sorted().joined(separator: " or ")
                problems.add(.value, "Claim.\(element) must reference a \(allowed); it references a \(resource.resourceType ?? "resource without type").", at: elementPath)
                return nil
            }
            return resource
        }
        patient = party("patient", claim["patient"], ["Patient"], at: "\(path).patient")
        insurer = party("insurer", claim["insurer"], ["Organization"], at: "\(path).insurer")
        provider = party("provider", claim["provider"], ["Organization", "PractitionerRole"], at: "\(path).provider")

        let insurances = claim["insurance"]?.array ?? []
        if insurances.isEmpty {
            problems.add(.required, "Claim.insurance is required: at least one coverage.", at: "\(path).insurance")
        }
        var coverages: [(focal: Bool, resource: JSON)] = []
        for (index, insurance) in insurances.enumerated() {
            if let resource = party(
                "insurance[\(index)].coverage", insurance["coverage"], ["Coverage"], at: "\(path).insurance[\(index)].coverage") {
                coverages.append((insurance["focal"]?.bool == true, resource))
            }
        }
        coverage = (coverages.first { $0.focal } ?? coverages.first)?.resource
        self.resolver = resolver
    }

    private let resolver: BundleResolver

    /// `Coverage.subscriberId`; else a member-number (`MB`) identifier of the Coverage, then of
    /// the Patient (PAS inquiries identify the patient by an `MB` identifier).
    var memberID: String? {
        if let subscriberID = coverage?["subscriberId"]?.string, !subscriberID.isEmpty { return subscriberID }
        let candidates = (coverage?.identifiers ?? []) + (patient?.identifiers ?? [])
        return candidates.first { identifier in
            identifier.value?.isEmpty == false
                && identifier.type?.contains(
                    system: IdentifierSystem.v2IdentifierType, code: IdentifierSystem.memberNumber) == true
        }?.value
    }

    /// The NPIs of the provider and, for a PractitionerRole, of its practitioner and organization; distinct, in that order.
    var providerNPIs: [String] {
        guard let provider else { return [] }
        var holders = [provider]
        if provider.resourceType == "PractitionerRole" {
            let entry = resolver.entry(holding: provider)
            for member in ["practitioner", "organization"] {
                if let resource = resolver.resolve(element: provider[member], from: entry) { holders.append(resource) }
            }
        }
        var seen = Set<String>()
        return holders.flatMap(\.identifiers).filter { $0.system == IdentifierSystem.npi }
            .compactMap(\.value).filter { seen.insert($0).inserted }
    }

    /// The insurer's first identifier with a value.
    var insurerIdentifier: Identifier? {
        insurer?.identifiers.first { $0.value?.isEmpty == false }
    }
}
