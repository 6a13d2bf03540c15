import FHIR

extension JSON {
    /// A copy with the value at a dotted path (`context.draftOrders.entry[0].resource.id`)
    /// replaced, or removed when `value` is `nil`; for building invalid requests from valid ones.
    func replacing(_ path: String, with value: JSON?) -> JSON {
        replacing(Self.steps(path)[...], with: value)
    }

    private enum Step {
        case key(String)
        case index(Int)
    }

    private func replacing(_ steps: ArraySlice<Step>, with value: JSON?) -> JSON {
        guard let step = steps.first else { return value ?? .null }
        let rest = steps.dropFirst()
        switch (step, self) {
        case (.key(let key), .object(var object)):
            object[key] = rest.isEmpty ? value : (object[key] ?? .object(JSONObject())).replacing(rest, with: value)
            return .object(object)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            if !rest.isEmpty {
                elements[index] = elements[index].replacing(rest, with: value)
            } else if let value {
                elements[index] = value
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        default:
            return self
        }
    }

    private static func steps(_ path: String) -> [Step] {
        path.split(separator: ".").flatMap { part -> [Step] in
            let pieces = part.split(separator: "[")
            return [.key(String(pieces[0]))] + pieces.dropFirst().compactMap { Int($0.dropLast()).map(Step.index) }
        }
    }
}
