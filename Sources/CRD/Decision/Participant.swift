import FHIR

/// A requester or performer as policies see it (`{ npi, name, kind }`): the gold card and
/// network checks need the NPI.
struct Participant: Sendable, Hashable {
    enum Kind: String, Sendable {
        case practitioner, organization
    }

    var npi: String?
    var name: String?
    var kind: Kind

    var json: JSON {
        var object: JSONObject = [:]
        if let npi { object["npi"] = .string(npi) }
        if let name { object["name"] = .string(name) }
        object["kind"] = .string(kind.rawValue)
        return .object(object)
    }

    /// Who a reference in `order` names: a Practitioner or Organization (by its NPI), a
    /// PractitionerRole (its practitioner, else its organization), or — when the resource was
    /// not sent — a logical reference with an NPI identifier. `nil` for anyone else (a
    /// Patient, a Device, a CareTeam) or an unknown reference without NPI.
    init?(_ element: JSON?, in order: JSON, data: HookData) {
        guard let element, let link = Reference(json: element) else { return nil }
        guard let resource = data.resolve(link, in: order) else {
            guard let identifier = link.identifier, identifier.system == CRDCodes.npi, let npi = identifier.value else { return nil }
            let kind: Kind = link.resourceType == "Organization" ? .organization : .practitioner
            self.init(npi: npi, name: link.display, kind: kind)
            return
        }
        switch resource.resourceType {
        case "Practitioner":
            self.init(npi: Self.npi(of: resource), name: Self.personName(resource) ?? link.display, kind: .practitioner)
        case "Organization":
            self.init(npi: Self.npi(of: resource), name: resource["name"]?.string ?? link.display, kind: .organization)
        case "PractitionerRole":
            if let practitioner = Participant(resource["practitioner"], in: resource, data: data) {
                self = practitioner
            } else if let organization = Participant(resource["organization"], in: resource, data: data) {
                self = organization
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    private init(npi: String?, name: String?, kind: Kind) {
        self.npi = npi
        self.name = name
        self.kind = kind
    }

    private static func npi(of resource: JSON) -> String? {
        resource.identifiers.first { $0.system == CRDCodes.npi }?.value
    }

    /// "Dr. Priya Raman": prefix, given names and family of the first name, or its text.
    private static func personName(_ resource: JSON) -> String? {
        guard let name = resource["name"]?[0] else { return nil }
        if let text = name["text"]?.string { return text }
        let parts = (name["prefix"]?.array ?? []) + (name["given"]?.array ?? []) + [name["family"] ?? .null]
        let words = parts.compactMap(\.string).filter { !$0.isEmpty }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
