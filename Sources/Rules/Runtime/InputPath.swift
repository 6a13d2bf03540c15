import FHIR

/// Where a member sits in a rule input, as records name it: keys joined by `.`, array
/// positions in brackets from 0 (`patient.resource`, `documents[0].resource`).
enum InputPath {
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    /// The path of `steps`; `nil` when a key holds `.`, `[` or `]` and could not be read back.
    static func text(_ steps: [Step]) -> String? {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key):
                guard !key.contains(where: { $0 == "." || $0 == "[" || $0 == "]" }) else { return nil }
                text += text.isEmpty ? key : "." + key
            case .index(let position):
                text += "[\(position)]"
            }
        }
        return text
    }

    /// The steps of `path`; `nil` when it is not one ``text(_:)`` writes.
    static func steps(_ path: String) -> [Step]? {
        var steps: [Step] = []
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let position = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    position >= 0
                else { return nil }
                steps.append(.index(position))
                rest = rest[rest.index(after: close)...]
            } else {
                // A key is first, or follows a dot.
                if rest.first == "." {
                    guard !steps.isEmpty else { return nil }
                    rest = rest.dropFirst()
                } else if !steps.isEmpty {
                    return nil
                }
                let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                guard end > rest.startIndex, !rest[..<end].contains("]") else { return nil }
                steps.append(.key(String(rest[..<end])))
                rest = rest[end...]
            }
        }
        return steps.isEmpty ? nil : steps
    }

    /// `value` without the member at `path` (unchanged when there is none).
    static func removing(_ path: String, from value: JSON) -> JSON {
        guard let steps = steps(path) else { return value }
        return removing(steps[...], from: value)
    }

    private static func removing(_ steps: ArraySlice<Step>, from value: JSON) -> JSON {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch (step, value) {
        case (.key(let key), .object(var object)):
            guard let member = object[key] else { return value }
            if rest.isEmpty {
                object.removeValue(forKey: key)
            } else {
                object[key] = removing(rest, from: member)
            }
            return .object(object)
        case (.index(let position), .array(var elements)) where elements.indices.contains(position) && !rest.isEmpty:
            elements[position] = removing(rest, from: elements[position])
            return .array(elements)
        default:
            return value
        }
    }
}
