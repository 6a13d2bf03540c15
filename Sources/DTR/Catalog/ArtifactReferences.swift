import FHIR

/// What a Questionnaire or Library points at, read from its JSON: the Libraries and ValueSets a
/// package must carry with it.
enum ArtifactReferences {
    /// `cqf-library` canonicals of a Questionnaire.
    static func libraries(ofQuestionnaire questionnaire: JSON) -> [Canonical] {
        questionnaire.extensions(url: DTRVocabulary.cqfLibrary).compactMap { $0["valueCanonical"]?.string }.map(Canonical.init)
    }

    /// `answerValueSet` canonicals anywhere in a Questionnaire's items.
    static func valueSets(ofQuestionnaire questionnaire: JSON) -> [Canonical] {
        var found: [Canonical] = []
        func walk(_ items: JSON?) {
            for item in items?.array ?? [] {
                if let valueSet = item["answerValueSet"]?.string, !valueSet.hasPrefix("#") { found.append(Canonical(valueSet)) }
                walk(item["item"])
            }
        }
        walk(questionnaire["item"])
        return found
    }

    /// Libraries a Library depends on (`relatedArtifact` of type `depends-on` naming a Library).
    static func libraries(ofLibrary library: JSON) -> [Canonical] {
        dependsOn(library).filter { $0.url.contains("/Library/") }
    }

    /// ValueSets a Library uses: `depends-on` ValueSets and `dataRequirement.codeFilter.valueSet`.
    static func valueSets(ofLibrary library: JSON) -> [Canonical] {
        var found = dependsOn(library).filter { $0.url.contains("/ValueSet/") }
        for requirement in library["dataRequirement"]?.array ?? [] {
            for filter in requirement["codeFilter"]?.array ?? [] {
                if let valueSet = filter["valueSet"]?.string { found.append(Canonical(valueSet)) }
            }
        }
        return unique(found)
    }

    private static func dependsOn(_ library: JSON) -> [Canonical] {
        (library["relatedArtifact"]?.array ?? [])
            .filter { $0["type"]?.string == "depends-on" }
            .compactMap { $0["resource"]?.string }
            .map(Canonical.init)
    }

    static func unique(_ canonicals: [Canonical]) -> [Canonical] {
        var seen = Set<Canonical>()
        return canonicals.filter { seen.insert($0).inserted }
    }
}
