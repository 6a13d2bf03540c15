import FHIR

extension CoverageInformation {
    /// The answer in a few words, for action descriptions and card summaries:
    /// "coverage conditional; prior authorization needed; documentation needed".
    public var phrase: String {
        var parts: [String] = []
        switch covered {
        case .covered: parts.append("covered")
        case .notCovered: parts.append("not covered")
        case .conditional: parts.append("coverage conditional")
        }
        switch paNeeded {
        case .noAuth?: parts.append("no prior authorization needed")
        case .authNeeded?: parts.append("prior authorization needed")
        case .satisfied?: parts.append("prior authorization requirement satisfied")
        case .performPA?: parts.append("the performer must request prior authorization")
        case .conditional?: parts.append("prior authorization may be needed")
        case nil: break
        }
        if docNeeded.contains(where: { $0 != .conditional }) {
            parts.append("documentation needed")
        } else if docNeeded.contains(.conditional) {
            parts.append("documentation may be needed")
        }
        return parts.joined(separator: "; ")
    }
}
