import FHIR

/// Puts a coverage-information extension on an order, or takes ours off.
enum OrderAnnotation {
    /// The order with `information` appended to its `extension`, replacing an earlier
    /// coverage-information about the same Coverage (another payer's stays).
    static func annotated(_ order: JSON, with information: CoverageInformation) -> JSON {
        var annotated = removing(information.coverage, from: order)
        annotated["extension"] = .array((annotated["extension"]?.array ?? []) + [information.json])
        return annotated
    }

    /// The order without coverage-information about `coverage` (for a changed order, whose old
    /// answer no longer holds).
    static func removing(_ coverage: Reference, from order: JSON) -> JSON {
        guard let extensions = order["extension"]?.array else { return order }
        var changed = order
        let kept = extensions.filter { element in
            guard element["url"]?.string == CRDCodes.coverageInformation else { return true }
            let about = element.extension(url: "coverage")?["valueReference"].flatMap(Reference.init(json:))
            return about?.reference != coverage.reference
        }
        changed["extension"] = kept.isEmpty ? nil : .array(kept)
        return changed
    }
}
