import FHIR

/// The checks a Questionnaire passes before it is served: its own structure, and that what it
/// names (Libraries, ValueSets, the libraries its CQL expressions call) is in the catalog.
enum QuestionnaireChecks {
    static let itemTypes: Set<String> = [
        "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url",
        "choice", "open-choice", "attachment", "reference", "quantity",
    ]
    static let expressionExtensions: Set<String> = [
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression",
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-candidateExpression",
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression",
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-contextExpression",
        "http://hl7.org/fhir/StructureDefinition/variable",
    ]

    /// Throws the first problem found.
    static func check(
        _ questionnaire: JSON, libraries: (Canonical) -> DTRArtifact?, valueSets: (Canonical) -> DTRArtifact?
    ) throws(CatalogFileProblem) {
        guard questionnaire.resourceType == "Questionnaire" else { throw CatalogFileProblem("is not a Questionnaire") }
        for key in ["id", "url", "version", "status"] where questionnaire[key]?.string?.isEmpty ?? true {
            throw CatalogFileProblem("has no \(key)")
        }
        // The form's libraries by name, with the definitions their ELM has (nil: no ELM to read).
        var libraryNames: [String: Set<String>?] = [:]
        for canonical in ArtifactReferences.libraries(ofQuestionnaire: questionnaire) {
            guard let library = libraries(canonical) else {
                throw CatalogFileProblem("its cqf-library \(canonical) is not among the loaded Libraries")
            }
            if let name = library.resource["name"]?.string { libraryNames[name] = LibraryContent.elmDefinitionNames(of: library.resource) }
        }
        for canonical in ArtifactReferences.valueSets(ofQuestionnaire: questionnaire) where valueSets(canonical) == nil {
            throw CatalogFileProblem("its answerValueSet \(canonical) is not among the loaded ValueSets")
        }
        var linkIDs: Set<String> = []
        var questions: [(path: String, item: JSON)] = []
        try walk(questionnaire["item"], path: "Questionnaire", linkIDs: &linkIDs, questions: &questions, libraryNames: libraryNames)
        try expressions(in: questionnaire, at: "Questionnaire", libraryNames: libraryNames)
        for (path, item) in questions {
            for (index, condition) in (item["enableWhen"]?.array ?? []).enumerated() {
                guard let question = condition["question"]?.string, linkIDs.contains(question) else {
                    throw CatalogFileProblem("\(path).enableWhen[\(index)] names a question that is not in the form")
                }
            }
        }
        if questionnaire.extension(url: DTRVocabulary.questionnaireAdaptive) == nil, linkIDs.isEmpty {
            throw CatalogFileProblem("has no items and is not adaptive")
        }
    }

    private static func walk(
        _ items: JSON?, path: String, linkIDs: inout Set<String>, questions: inout [(path: String, item: JSON)],
        libraryNames: [String: Set<String>?]
    ) throws(CatalogFileProblem) {
        for (index, item) in (items?.array ?? []).enumerated() {
            let here = "\(path).item[\(index)]"
            guard let linkID = item["linkId"]?.string, !linkID.isEmpty else { throw CatalogFileProblem("\(here) has no linkId") }
            guard linkIDs.insert(linkID).inserted else { throw CatalogFileProblem("\(here): linkId \"\(linkID)\" is used twice") }
            guard let type = item["type"]?.string, itemTypes.contains(type) else {
                throw CatalogFileProblem("\(here) (\(linkID)) has no valid type")
            }
            try expressions(in: item, at: here, libraryNames: libraryNames)
            questions.append((here, item))
            try walk(item["item"], path: here, linkIDs: &linkIDs, questions: &questions, libraryNames: libraryNames)
        }
    }

    /// DTR: every Expression is CQL (`text/cql`) and calls a library the form names in `cqf-library`.
    private static func expressions(in element: JSON, at path: String, libraryNames: [String: Set<String>?]) throws(CatalogFileProblem) {
        for extensionElement in element["extension"]?.array ?? [] {
            guard let url = extensionElement["url"]?.string, expressionExtensions.contains(url),
                let expression = extensionElement["valueExpression"]
            else { continue }
            guard let language = expression["language"]?.string, language == "text/cql" || language == "text/cql-expression"
            else { throw CatalogFileProblem("\(path): an expression is not CQL (text/cql)") }
            guard let text = expression["expression"]?.string else { throw CatalogFileProblem("\(path): an expression has no text") }
            if let library = calledLibrary(text) {
                guard let definitions = libraryNames[library] else {
                    throw CatalogFileProblem("\(path): the expression calls library \"\(library)\", which is not a cqf-library of the form")
                }
                // The definition must be one the Library's ELM defines: a client evaluates it there.
                if let definitions, let name = calledDefinition(text), !definitions.contains(name) {
                    throw CatalogFileProblem("\(path): the expression calls \"\(library)\".\(name), which library \(library) does not define")
                }
            }
        }
    }

    /// `"LibraryName".Define` → `LibraryName`.
    static func calledLibrary(_ expression: String) -> String? {
        guard expression.hasPrefix("\""), let end = expression.dropFirst().firstIndex(of: "\"") else { return nil }
        let rest = expression[expression.index(after: end)...]
        guard rest.hasPrefix(".") else { return nil }
        return String(expression[expression.index(after: expression.startIndex)..<end])
    }

    /// `"LibraryName".Define` → `Define`; `"LibraryName"."Quoted define"` → `Quoted define`.
    static func calledDefinition(_ expression: String) -> String? {
        guard expression.hasPrefix("\""), let end = expression.dropFirst().firstIndex(of: "\"") else { return nil }
        let rest = expression[expression.index(after: end)...]
        guard rest.hasPrefix(".") else { return nil }
        let name = rest.dropFirst()
        if name.hasPrefix("\""), name.count >= 2, name.hasSuffix("\"") { return String(name.dropFirst().dropLast()) }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return String(name)
    }
}
