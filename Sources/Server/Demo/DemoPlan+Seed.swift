import CaseStore
import Eligibility
import FHIR
import Foundation

extension DemoPlan {
    /// NPI identifiers, on practitioners and provider organizations alike.
    static let npiSystem = IdentifierSystem.npi
    /// The code system the demo InsurancePlans use for their line of business.
    static let lineOfBusinessSystem = "http://greenlight.example/CodeSystem/line-of-business"

    /// Writes the demo plan into the store's directory, payers and plans first (members and
    /// coverages refer to them). Every row is an upsert, so seeding twice changes nothing.
    @discardableResult
    public func seed(into store: any CaseStore) async throws -> Summary {
        var summary = Summary()
        for resource in payers {
            try await store.upsertPayer(try Self.payer(from: resource))
            summary.payers += 1
        }
        for resource in plans {
            try await store.upsertPlan(try Self.plan(from: resource))
            summary.plans += 1
        }
        for resource in practitioners + providerOrganizations {
            try await store.upsertProvider(try Self.provider(from: resource))
            summary.providers += 1
        }
        for resource in patients {
            try await store.upsertMember(try member(from: resource))
            summary.members += 1
        }
        for resource in coverages {
            try await store.upsertCoverage(try coverage(from: resource))
            summary.coverages += 1
        }
        for client in clients {
            try await store.upsertClient(client)
            summary.clients += 1
        }
        return summary
    }

    // MARK: FHIR → directory records

    static func payer(from organization: JSON) throws -> Payer {
        let id = try required(organization.id, "Organization.id", in: organization)
        // The payer's own business identifier, not its NPI.
        let identifier = organization.identifiers.first { $0.system != npiSystem && $0.value != nil }
        return Payer(
            id: id,
            name: organization["name"]?.string ?? id,
            identifierSystem: identifier?.system,
            identifierValue: identifier?.value)
    }

    static func plan(from insurancePlan: JSON) throws -> HealthPlan {
        let resourceID = try required(insurancePlan.id, "InsurancePlan.id", in: insurancePlan)
        // Reports are per contract or plan id, so that is the key, not the resource id.
        let contractID = insurancePlan.identifiers.first { $0.value != nil }?.value ?? resourceID
        let owner = try required(
            Reference(json: insurancePlan["ownedBy"] ?? .null)?.resourceID, "InsurancePlan.ownedBy", in: insurancePlan)
        let lobCode = (insurancePlan["type"]?.array ?? []).compactMap { CodeableConcept(json: $0)?.code(in: lineOfBusinessSystem) }.first
        guard let lobCode, let lineOfBusiness = LineOfBusiness(rawValue: lobCode) else {
            throw LoadError(
                "InsurancePlan/\(resourceID): InsurancePlan.type needs a \(lineOfBusinessSystem) code, one of "
                    + LineOfBusiness.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return HealthPlan(
            id: contractID, payerID: owner, name: insurancePlan["name"]?.string ?? contractID,
            lineOfBusiness: lineOfBusiness)
    }

    static func provider(from resource: JSON) throws -> Provider {
        let label = "\(resource.resourceType ?? "Resource")/\(resource.id ?? "?")"
        guard let npi = resource.identifiers.first(where: { $0.system == npiSystem })?.value else {
            throw LoadError("\(label): identifier needs an NPI (\(npiSystem))")
        }
        if resource.resourceType == "Practitioner" {
            let name = resource["name"]?[0]
            let given = (name?["given"]?.array ?? []).compactMap(\.string).joined(separator: " ")
            let family = name?["family"]?.string ?? ""
            let prefix = (name?["prefix"]?.array ?? []).compactMap(\.string).joined(separator: " ")
            let fullName = [prefix, given, family].filter { !$0.isEmpty }.joined(separator: " ")
            let qualification = resource.values(at: "qualification.code.coding").first
            return Provider(
                npi: npi, name: fullName.isEmpty ? label : fullName, kind: .practitioner,
                taxonomy: qualification?["code"]?.string, specialty: qualification?["display"]?.string)
        }
        let type = resource.values(at: "type.coding").first
        return Provider(
            npi: npi, name: resource["name"]?.string ?? label, kind: .organization,
            taxonomy: nil, specialty: type?["display"]?.string)
    }

    func member(from patient: JSON) throws -> Member {
        let id = try Self.required(patient.id, "Patient.id", in: patient)
        let name = patient["name"]?[0]
        return Member(
            id: id,
            payerID: try currentPayer(ofPatient: id),
            givenName: (name?["given"]?.array ?? []).compactMap(\.string).joined(separator: " "),
            familyName: name?["family"]?.string,
            birthDate: patient["birthDate"]?.string,
            gender: patient["gender"]?.string,
            patientJSON: patient.serializedString())
    }

    func coverage(from coverage: JSON) throws -> MemberCoverage {
        let id = try Self.required(coverage.id, "Coverage.id", in: coverage)
        let memberID = try Self.required(
            Reference(json: coverage["beneficiary"] ?? .null)?.resourceID, "Coverage.beneficiary", in: coverage)
        let payerID = try Self.required(
            coverage["payor"]?.array?.compactMap { Reference(json: $0)?.resourceID }.first, "Coverage.payor",
            in: coverage)
        let planClass = (coverage["class"]?.array ?? []).first { cls in
            CodeableConcept(json: cls["type"] ?? .null)?.codings.contains { $0.code == "plan" } ?? false
        }
        let relationship = CodeableConcept(json: coverage["relationship"] ?? .null)?.codings.first?.code
        return MemberCoverage(
            id: id, memberID: memberID, payerID: payerID,
            planID: planClass?["value"]?.string,
            subscriberID: coverage["subscriberId"]?.string,
            relationship: relationship,
            status: coverage["status"]?.string ?? "active",
            periodStart: coverage["period"]?["start"]?.string,
            periodEnd: coverage["period"]?["end"]?.string,
            coverageJSON: coverage.serializedString())
    }

    /// The payer of the member's most recent coverage: the plan that holds the member now.
    func currentPayer(ofPatient id: String) throws -> String {
        let own = coverages.filter { Reference(json: $0["beneficiary"] ?? .null)?.resourceID == id }
        let latest = own.max { ($0["period"]?["start"]?.string ?? "") < ($1["period"]?["start"]?.string ?? "") }
        guard let latest, let payer = latest["payor"]?.array?.compactMap({ Reference(json: $0)?.resourceID }).first
        else {
            throw LoadError("Patient/\(id) has no Coverage naming a payor, so no payer holds this member")
        }
        return payer
    }

    private static func required<T>(_ value: T?, _ element: String, in resource: JSON) throws -> T {
        guard let value else {
            throw LoadError("\(resource.resourceType ?? "Resource")/\(resource.id ?? "?"): \(element) is missing")
        }
        return value
    }
}
