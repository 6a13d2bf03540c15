import FHIR

/// Puts a coverage-information extension on an order, or takes ours off.
enum OrderAnnotation {
    /// The order with `information` appended to its `extension`, replacing an earlier
    /// coverage-information about the same Coverage (another payer's stays).
    static func annotated(_ order: JSON, with information: CoverageInformation) -> JSON {
        let annotated = removing(information.coverage, from: order)
        return withExtensions((annotated["extension"]?.array ?? []) + [information.json], on: annotated)
    }

    /// `resource` with `extension` set; a new one goes where FHIR writes it, after the
    /// resource's own header elements, not at the end.
    private static func withExtensions(_ extensions: [JSON], on resource: JSON) -> JSON {
        guard case .object(let members) = resource, members["extension"] == nil else {
            var changed = resource
            changed["extension"] = .array(extensions)
            return changed
        }
        let header: Set<String> = ["resourceType", "id", "meta", "implicitRules", "language", "text", "contained"]
        var placed: [(String, JSON)] = []
        var inserted = false
        for (key, value) in members {
            if !inserted, !header.contains(key) {
                placed.append(("extension", .array(extensions)))
                inserted = true
            }
            placed.append((key, value))
        }
        if !inserted { placed.append(("extension", .array(extensions))) }
        return .object(JSONObject(uniqueMembers: placed))
    }

    /// The order without coverage-information about `coverage` (for a changed order, whose old
    /// answer no longer holds).
    static func removing(_ coverage: Reference, from order: JSON) -> JSON {
        guard let extensions = order["extension"]?.array else { return order }
        var changed = order
        let kept = extensions.filter { element in
            guard element["url"]?.string == CoverageInformation.url else { return true }
            let about = element.extension(url: "coverage")?["valueReference"].flatMap(Reference.init(json:))
            return about?.reference != coverage.reference
        }
        changed["extension"] = kept.isEmpty ? nil : .array(kept)
        return changed
    }
}
