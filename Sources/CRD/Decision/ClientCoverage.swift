import CaseStore
import FHIR

/// One Coverage the EHR sent, with what the service reads from it: its reference, whether it
/// is in force, its payer's identifiers and the member identifiers to look the member up by.
struct ClientCoverage: Sendable, Hashable {
    var resource: JSON
    /// How the extension names it: `Coverage/{id}` (context resources carry ids).
    var reference: Reference
    /// `payor[].identifier`, else the identifiers of the payor Organization the reference names.
    var payerIdentifiers: [Identifier]
    /// Member identifiers (`identifier` of type MB) and `subscriberId`, in that order.
    var memberIdentifiers: [String]

    init(_ resource: JSON, data: HookData) {
        self.resource = resource
        reference = resource.id.map { Reference(reference: "Coverage/\($0)") } ?? Reference(display: "Coverage without an id")
        var payers: [Identifier] = []
        for payor in resource["payor"]?.array ?? [] {
            guard let link = Reference(json: payor) else { continue }
            if let identifier = link.identifier, identifier.value != nil {
                payers.append(identifier)
            } else if let organization = data.resolve(link, in: resource) {
                payers += organization.identifiers.filter { $0.value != nil && $0.system != CRDCodes.npi }
            }
        }
        payerIdentifiers = payers
        var members = resource.identifiers.filter { identifier in
            identifier.type?.codings.contains { $0.code == "MB" && ($0.system == nil || $0.system == CRDCodes.identifierType) } ?? false
        }.compactMap(\.value)
        if let subscriber = resource["subscriberId"]?.string, !members.contains(subscriber) { members.append(subscriber) }
        memberIdentifiers = members
    }

    /// In force on `today`: status active (or not stated) and the period, if any, covers the day.
    func isActive(on today: String) -> Bool {
        let status = resource["status"]?.string ?? "active"
        return status == "active"
            && CivilDay.isWithin(today, start: resource["period"]?["start"]?.string, end: resource["period"]?["end"]?.string)
    }

    /// Whether `payer` is this Coverage's payer: an identifier with its value and, when both
    /// sides state one, its system.
    func isPaid(by payer: Payer) -> Bool {
        guard let value = payer.identifierValue else { return false }
        return payerIdentifiers.contains { (identifier: Identifier) -> Bool in
            guard identifier.value == value else { return false }
            guard let system = identifier.system, let ours = payer.identifierSystem else { return true }
            return system == ours
        }
    }
}
