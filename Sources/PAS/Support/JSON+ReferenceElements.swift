import FHIR

/// A `reference` string found inside an element, with where the Reference holding it is.
struct ReferenceElement: Sendable, Hashable {
    /// One step down from an element: a member or an array index.
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    /// The path of the element searched (`Bundle.entry[0].resource`).
    var root: String
    /// The steps from there to the Reference.
    var steps: [Step]
    /// The `reference` string (`Patient/123`, `urn:uuid:…`, `#contained`).
    var reference: String

    /// The FHIRPath of the Reference element (`Bundle.entry[0].resource.item[0].extension[5].valueReference`),
    /// spelled out only when asked for: a Claim has a few dozen references and almost never a
    /// problem with one.
    var path: String {
        steps.reduce(into: root) { path, step in
            switch step {
            case .member(let key): path += ".\(key)"
            case .index(let index): path += "[\(index)]"
            }
        }
    }
}

extension JSON {
    /// Every Reference (an object with a string `reference`) inside this element, depth first
    /// in document order, each with its path below `path`. Logical references (identifier
    /// only) carry no `reference` and are not listed: there is nothing to resolve.
    func referenceElements(under path: String) -> [ReferenceElement] {
        var found: [ReferenceElement] = []
        var steps: [ReferenceElement.Step] = []
        collectReferences(under: path, steps: &steps, into: &found)
        return found
    }

    private func collectReferences(under root: String, steps: inout [ReferenceElement.Step], into found: inout [ReferenceElement]) {
        switch self {
        case .object(let members):
            if let reference = members["reference"]?.string {
                found.append(ReferenceElement(root: root, steps: steps, reference: reference))
            }
            for (key, value) in members where key != "reference" {
                steps.append(.member(key))
                value.collectReferences(under: root, steps: &steps, into: &found)
                steps.removeLast()
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                steps.append(.index(index))
                element.collectReferences(under: root, steps: &steps, into: &found)
                steps.removeLast()
            }
        default:
            break
        }
    }
}
