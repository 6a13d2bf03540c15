import FHIR

/// A `reference` string found inside an element, with the FHIRPath of the Reference holding it.
struct ReferenceElement: Sendable, Hashable {
    /// The path of the Reference element (`Bundle.entry[0].resource.item[0].extension[5].valueReference`).
    var path: String
    /// The `reference` string (`Patient/123`, `urn:uuid:…`, `#contained`).
    var reference: String
}

extension JSON {
    /// Every Reference (an object with a string `reference`) inside this element, depth first
    /// in document order, each with its path below `path`. Logical references (identifier
    /// only) carry no `reference` and are not listed: there is nothing to resolve.
    func referenceElements(under path: String) -> [ReferenceElement] {
        var found: [ReferenceElement] = []
        collectReferences(under: path, into: &found)
        return found
    }

    private func collectReferences(under path: String, into found: inout [ReferenceElement]) {
        switch self {
        case .object(let members):
            if let reference = members["reference"]?.string {
                found.append(ReferenceElement(path: path, reference: reference))
            }
            for (key, value) in members where key != "reference" {
                value.collectReferences(under: "\(path).\(key)", into: &found)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                element.collectReferences(under: "\(path)[\(index)]", into: &found)
            }
        default:
            break
        }
    }
}
