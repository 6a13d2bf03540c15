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
        var steps: [PathStep] = []
        collectReferences(under: path, steps: &steps, into: &found)
        return found
    }

    /// One step down from an element: a member or an array index. The path of a Reference is
    /// spelled out only when one is found (a Claim has a few dozen, among thousands of elements).
    private enum PathStep {
        case member(String)
        case index(Int)
    }

    private func collectReferences(under root: String, steps: inout [PathStep], into found: inout [ReferenceElement]) {
        switch self {
        case .object(let members):
            if let reference = members["reference"]?.string {
                found.append(ReferenceElement(path: Self.path(root, steps), reference: reference))
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

    private static func path(_ root: String, _ steps: [PathStep]) -> String {
        steps.reduce(into: root) { path, step in
            switch step {
            case .member(let key): path += ".\(key)"
            case .index(let index): path += "[\(index)]"
            }
        }
    }
}
