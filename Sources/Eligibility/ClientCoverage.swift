import CaseStore
import FHIR

/// One Coverage a client sent (an EHR's hook, a provider's PAS request), with what the payer
/// reads from it: its reference, whether it is in force, its payer's identifiers and the member
/// identifiers to look the member up by.
public struct ClientCoverage: Sendable, Hashable {
    public var resource: JSON
    /// How answers name it: `Coverage/{id}`.
    public var reference: Reference
    /// `payor[].identifier`, else the identifiers of the payor Organization the reference names
    /// (its NPI only when it has no other).
    public var payerIdentifiers: [Identifier]
    /// Member identifiers (`identifier` of type MB) and `subscriberId`, in that order.
    public var memberIdentifiers: [String]

    /// - Parameter resolve: finds the resource a reference in `resource` names (in the hook's
    ///   data, in the request Bundle); `nil` when it cannot.
    public init(_ resource: JSON, resolve: (Reference, _ container: JSON) -> JSON?) {
        self.resource = resource
        reference = resource.id.map { Reference(reference: "Coverage/\($0)") } ?? Reference(display: "Coverage without an id")
        var payers: [Identifier] = []
        for payor in resource["payor"]?.array ?? [] {
            guard let link = Reference(json: payor) else { continue }
            if let identifier = link.identifier, identifier.value != nil {
                payers.append(identifier)
            } else if let organization = resolve(link, resource) {
                // An NPI names a provider more often than a payer, so other identifiers come
                // first; a payor Organization known only by its NPI (as in the PAS examples) is
                // matched by that.
                let named = organization.identifiers.filter { $0.value != nil }
                let preferred = named.filter { $0.system != IdentifierSystem.npi }
                payers += preferred.isEmpty ? named : preferred
            }
        }
        payerIdentifiers = payers
        var members = resource.identifiers.filter { identifier in
            identifier.type?.codings.contains { $0.code == "MB" && ($0.system == nil || $0.system == IdentifierSystem.v2IdentifierType) } ?? false
        }.compactMap(\.value)
        if let subscriber = resource["subscriberId"]?.string, !members.contains(subscriber) { members.append(subscriber) }
        memberIdentifiers = members
    }

    /// In force on `today`: status active (or not stated) and the period, if any, covers the day.
    public func isActive(on today: String) -> Bool {
        let status = resource["status"]?.string ?? "active"
        return status == "active"
            && CivilDay.isWithin(today, start: resource["period"]?["start"]?.string, end: resource["period"]?["end"]?.string)
    }

    /// Whether `payer` is this Coverage's payer: an identifier with its value and, when both
    /// sides state one, its system.
    public func isPaid(by payer: Payer) -> Bool {
        guard let value = payer.identifierValue else { return false }
        return payerIdentifiers.contains { (identifier: Identifier) -> Bool in
            guard identifier.value == value else { return false }
            guard let system = identifier.system, let ours = payer.identifierSystem else { return true }
            return system == ours
        }
    }
}

extension ClientCoverage {
    /// `Coverage/{id}` for messages.
    public var label: String { reference.reference ?? "A Coverage without an id" }
}
