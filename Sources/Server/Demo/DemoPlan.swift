import CaseStore
import FHIR
import Foundation

/// The demo plan in `Fixtures/demo`: payers, plans, providers, members and coverages as FHIR
/// Bundles, read into the case store's directory tables.
///
/// The fixtures are FHIR on purpose: the same Patient and Coverage resources are what CRD
/// prefetch and PAS Bundles carry, so the demo exercises the real mapping, not a side format.
public struct DemoPlan: Sendable {
    public var payers: [JSON] = []
    public var providerOrganizations: [JSON] = []
    public var plans: [JSON] = []
    public var practitioners: [JSON] = []
    public var patients: [JSON] = []
    public var coverages: [JSON] = []
    /// Demo API clients; registered with the plan so the walk-through can get tokens.
    public var clients: [RegisteredClient] = []

    /// What a seed loaded, for the operator.
    public struct Summary: Sendable, CustomStringConvertible {
        public var payers = 0
        public var plans = 0
        public var providers = 0
        public var members = 0
        public var coverages = 0
        public var clients = 0
        public var description: String {
            "\(payers) payers, \(plans) plans, \(providers) providers, \(members) members, \(coverages) coverages, "
                + "\(clients) demo clients"
        }
    }

    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    static let files = ["organizations.json", "insurance-plans.json", "practitioners.json", "patients.json", "coverages.json"]

    /// Reads every Bundle in `folder`; a missing file or a resource that fails structure checks is an error.
    public static func load(from folder: URL) throws -> DemoPlan {
        var plan = DemoPlan()
        for name in files {
            let url = folder.appendingPathComponent(name)
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw LoadError("cannot read \(url.path)")
            }
            let bundle: JSON
            do {
                bundle = try JSON.parse(data: data)
            } catch {
                throw LoadError("\(url.path) is not valid JSON: \(error.description)")
            }
            let problems = StructureValidator().validate(bundle, expectedType: "Bundle")
            if let problem = problems.first(where: { $0.severity == .error }) {
                throw LoadError(
                    "\(url.path): \(problem.expression.first ?? "Bundle"): \(problem.diagnostics ?? "invalid")")
            }
            for entry in bundle["entry"]?.array ?? [] {
                guard let resource = entry["resource"] else { continue }
                try plan.add(resource, file: url.lastPathComponent)
            }
        }
        plan.clients = try DemoClients.load(from: folder, registeredAt: Date())
        guard !plan.payers.isEmpty, !plan.patients.isEmpty else {
            throw LoadError("\(folder.path) holds no payers or no members")
        }
        return plan
    }

    private mutating func add(_ resource: JSON, file: String) throws {
        switch resource["resourceType"]?.string {
        case "Organization":
            let isPayer = (resource["type"]?.array ?? []).contains { type in
                (type["coding"]?.array ?? []).contains { $0["code"]?.string == "pay" }
            }
            if isPayer { payers.append(resource) } else { providerOrganizations.append(resource) }
        case "InsurancePlan": plans.append(resource)
        case "Practitioner": practitioners.append(resource)
        case "Patient": patients.append(resource)
        case "Coverage": coverages.append(resource)
        case let other:
            throw LoadError("\(file): unexpected resource type \(other ?? "none") in the demo plan")
        }
    }
}
