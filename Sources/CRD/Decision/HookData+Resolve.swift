import FHIR

extension HookData {
    /// The resource a reference in `container` names: one of its contained resources (`#id`),
    /// or one the hook gathered.
    func resolve(_ link: Reference, in container: JSON) -> JSON? {
        if let id = link.containedID { return container["contained"]?.array?.first { $0.id == id } }
        return link.reference.flatMap(resolve)
    }

    /// ``resolve(_:in:)`` for a Reference element.
    func resolve(element: JSON?, in container: JSON) -> JSON? {
        guard let element, let link = Reference(json: element) else { return nil }
        return resolve(link, in: container)
    }
}
