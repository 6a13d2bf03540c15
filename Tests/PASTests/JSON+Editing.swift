import FHIR

/// Edits for building malformed requests out of the official examples in tests.
extension JSON {
    /// A copy with the value at `path` (`entry[0].resource.item[1].sequence`) replaced;
    /// `nil` removes a member or element. Missing objects on the way are created, and an
    /// index one past the end of an array appends.
    func replacing(_ path: String, with value: JSON?) -> JSON {
        var copy = self
        copy.replace(Self.tokens(path)[...], with: value)
        return copy
    }

    /// A copy of the Bundle with `change` applied to its first entry's resource (the Claim).
    func editingClaim(_ change: (inout JSON) -> Void) -> JSON {
        var claim = self["entry"]![0]!["resource"]!
        change(&claim)
        return replacing("entry[0].resource", with: claim)
    }

    /// Wraps a Bundle as `$submit` and `$inquire` formally take it.
    var wrappedInParameters: JSON {
        ["resourceType": "Parameters", "parameter": [["name": "resource", "resource": self]]]
    }

    private enum Token {
        case key(String)
        case index(Int)
    }

    private static func tokens(_ path: String) -> [Token] {
        path.split(separator: ".").flatMap { part -> [Token] in
            var tokens: [Token] = []
            let pieces = part.split(separator: "[")
            tokens.append(.key(String(pieces[0])))
            for piece in pieces.dropFirst() { tokens.append(.index(Int(piece.dropLast())!)) }
            return tokens
        }
    }

    private mutating func replace(_ tokens: ArraySlice<Token>, with value: JSON?) {
        guard let token = tokens.first else {
            self = value ?? .null
            return
        }
        let rest = tokens.dropFirst()
        switch token {
        case .key(let key):
            if rest.isEmpty {
                self[key] = value
            } else {
                var member = self[key] ?? [:]
                member.replace(rest, with: value)
                self[key] = member
            }
        case .index(let index):
            guard case .array(var elements) = self else { return }
            if index == elements.count { elements.append([:]) }  // One past the end appends.
            if rest.isEmpty, value == nil {
                elements.remove(at: index)
            } else {
                elements[index].replace(rest, with: value)
            }
            self = .array(elements)
        }
    }
}
