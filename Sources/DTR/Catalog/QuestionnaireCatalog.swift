import FHIR

/// The payer's DTR forms as loaded from `Questionnaires/`: Questionnaires, the Libraries their
/// pre-population uses and the ValueSets those name, each found by canonical.
///
/// Everything in a catalog was checked at load (``QuestionnaireCatalogLoader``): canonicals
/// are unique per version and every Library and ValueSet a Questionnaire needs is present.
public struct QuestionnaireCatalog: Sendable {
    public let questionnaires: [DTRArtifact]
    public let libraries: [DTRArtifact]
    public let valueSets: [DTRArtifact]

    public init(questionnaires: [DTRArtifact], libraries: [DTRArtifact], valueSets: [DTRArtifact]) {
        self.questionnaires = questionnaires
        self.libraries = libraries
        self.valueSets = valueSets
    }

    public static let empty = QuestionnaireCatalog(questionnaires: [], libraries: [], valueSets: [])

    public func questionnaire(_ canonical: Canonical) -> DTRArtifact? { Self.find(canonical, in: questionnaires) }
    public func library(_ canonical: Canonical) -> DTRArtifact? { Self.find(canonical, in: libraries) }
    public func valueSet(_ canonical: Canonical) -> DTRArtifact? { Self.find(canonical, in: valueSets) }

    /// A Questionnaire by its logical id.
    public func questionnaire(id: String) -> DTRArtifact? { questionnaires.first { $0.id == id } }

    /// The artifact with this url and version; without a version, the latest (versions compared
    /// as dotted numbers, which is how the shipped forms are versioned).
    static func find(_ canonical: Canonical, in artifacts: [DTRArtifact]) -> DTRArtifact? {
        let matching = artifacts.filter { $0.canonical.url == canonical.url }
        if let version = canonical.version { return matching.first { $0.canonical.version == version } }
        return matching.max { VersionOrder.precedes($0.canonical.version, $1.canonical.version) }
    }
}

/// Orders `2026.1.0` before `2026.10.0`: numeric where both parts are numbers.
enum VersionOrder {
    static func precedes(_ left: String?, _ right: String?) -> Bool {
        let a = (left ?? "").split(separator: "."), b = (right ?? "").split(separator: ".")
        for (x, y) in zip(a, b) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return a.count < b.count
    }
}
