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

    /// `value` without the members at `paths` (those it does not hold are ignored), each
    /// object or array on the way copied once.
    static func removing(_ paths: [[Step]], from value: JSON) -> JSON {
        removing(paths.map { $0[...] }, from: value)
    }

    private static func removing(_ paths: [ArraySlice<Step>], from value: JSON) -> JSON {
        guard !paths.isEmpty else { return value }
        switch value {
        case .object(var object):
            var byKey: [String: [ArraySlice<Step>]] = [:]
            for path in paths {
                if case .key(let key)? = path.first { byKey[key, default: []].append(path.dropFirst()) }
            }
            for (key, rests) in byKey {
                guard let member = object[key] else { continue }
                // A closure: `\.isEmpty` on this generic slice is a key path built at run time per call.
                if rests.contains(where: { $0.isEmpty }) {
                    object.removeValue(forKey: key)
                } else {
                    object[key] = removing(rests, from: member)
                }
            }
            return .object(object)
        case .array(var elements):
            var byPosition: [Int: [ArraySlice<Step>]] = [:]
            for path in paths {
                // An element itself is never removed: positions would shift.
                if case .index(let position)? = path.first, path.count > 1 {
                    byPosition[position, default: []].append(path.dropFirst())
                }
            }
            for (position, rests) in byPosition where elements.indices.contains(position) {
                elements[position] = removing(rests, from: elements[position])
            }
            return .array(elements)
        default:
            return value
        }
    }
}
