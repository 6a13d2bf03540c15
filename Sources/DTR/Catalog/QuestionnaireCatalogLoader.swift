import FHIR
import Foundation

/// Reads `Questionnaires/` into a ``QuestionnaireCatalog``:
///
/// ```
/// Questionnaires/
///   questionnaires/<id>.json   Questionnaire resources
///   libraries/<Name>.json      Library resources; <Name>.cql beside one is its CQL
///   valuesets/<id>.json        ValueSet resources
/// ```
///
/// plus the rules' code sets (`Rules/valuesets`) as ValueSets. Each file is checked; a file that
/// fails is refused and reported, and so is everything that needs it (a Questionnaire whose
/// Library was refused). Small enumerated ValueSets are expanded, Libraries get their CQL and
/// the ELM translated from it (a Library whose CQL does not translate is refused).
public struct QuestionnaireCatalogLoader: Sendable {
    public let directory: URL
    /// `Rules/valuesets`, or `nil` to load none.
    public let ruleValueSets: URL?
    /// When expansions are dated (the load time).
    let now: Date

    public init(directory: URL, ruleValueSets: URL?, now: Date = Date()) {
        self.directory = directory
        self.ruleValueSets = ruleValueSets
        self.now = now
    }

    public struct Result: Sendable {
        public var catalog: QuestionnaireCatalog
        /// The refused files; empty when everything loaded.
        public var problems: [CatalogProblem]
    }

    /// Throws only when the folder itself cannot be read.
    public func load() throws -> Result {
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw CatalogLoadError("the questionnaires folder \(directory.path) does not exist")
        }
        var problems: [CatalogProblem] = []
        let valueSets = loadValueSets(problems: &problems)
        let libraries = loadLibraries(valueSets: valueSets, problems: &problems)
        let catalogSoFar = QuestionnaireCatalog(questionnaires: [], libraries: libraries, valueSets: valueSets)
        var questionnaires: [DTRArtifact] = []
        for (file, json) in jsonFiles(in: "questionnaires", problems: &problems) {
            do throws(CatalogFileProblem) {
                try QuestionnaireChecks.check(json, libraries: catalogSoFar.library, valueSets: catalogSoFar.valueSet)
                let artifact = DTRArtifact(resource: json, canonical: Self.canonical(of: json), source: file)
                try Self.requireUnique(artifact, among: questionnaires)
                guard !questionnaires.contains(where: { $0.id == artifact.id }) else {
                    throw CatalogFileProblem("its id \(artifact.id) is already used by another Questionnaire")
                }
                questionnaires.append(artifact)
            } catch {
                problems.append(CatalogProblem(file: file, message: error.message))
            }
        }
        return Result(
            catalog: QuestionnaireCatalog(questionnaires: questionnaires, libraries: libraries, valueSets: valueSets),
            problems: problems)
    }

    // MARK: ValueSets

    private func loadValueSets(problems: inout [CatalogProblem]) -> [DTRArtifact] {
        let timestamp = FHIRInstant(now).description
        var loaded: [DTRArtifact] = []
        func add(_ json: JSON, file: String) {
            do throws(CatalogFileProblem) {
                guard json.resourceType == "ValueSet" else { throw CatalogFileProblem("is not a ValueSet") }
                guard json["url"]?.string?.isEmpty == false else { throw CatalogFileProblem("has no url") }
                let artifact = DTRArtifact(
                    resource: ValueSetExpansion.expanded(json, timestamp: timestamp), canonical: Self.canonical(of: json),
                    source: file)
                try Self.requireUnique(artifact, among: loaded)
                loaded.append(artifact)
            } catch {
                problems.append(CatalogProblem(file: file, message: error.message))
            }
        }
        for (file, json) in jsonFiles(in: "valuesets", problems: &problems) { add(json, file: file) }
        if let ruleValueSets {
            for (file, json) in jsonFiles(at: ruleValueSets, label: "Rules/valuesets", problems: &problems) {
                do throws(CatalogFileProblem) {
                    add(try RuleValueSet.valueSet(from: json), file: file)
                } catch {
                    problems.append(CatalogProblem(file: file, message: error.message))
                }
            }
        }
        return loaded
    }

    // MARK: Libraries

    private func loadLibraries(valueSets: [DTRArtifact], problems: inout [CatalogProblem]) -> [DTRArtifact] {
        var candidates: [DTRArtifact] = []
        for (file, json) in jsonFiles(in: "libraries", problems: &problems) {
            do throws(CatalogFileProblem) {
                guard json.resourceType == "Library" else { throw CatalogFileProblem("is not a Library") }
                for key in ["url", "version", "name", "status"] where json[key]?.string?.isEmpty ?? true {
                    throw CatalogFileProblem("has no \(key)")
                }
                let cqlFile = directory.appendingPathComponent(file).deletingPathExtension().appendingPathExtension("cql")
                let library = try LibraryContent.withCQL(json, cqlFile: cqlFile)
                let artifact = DTRArtifact(resource: library, canonical: Self.canonical(of: json), source: file)
                try Self.requireUnique(artifact, among: candidates)
                if let name = json["name"]?.string, candidates.contains(where: { $0.resource["name"]?.string == name }) {
                    throw CatalogFileProblem("its name \(name) is already used by another Library (CQL needs unique names)")
                }
                candidates.append(artifact)
            } catch {
                problems.append(CatalogProblem(file: file, message: error.message))
            }
        }
        // A Library whose CQL does not translate is refused, with the translator's line:column
        // reason; then, once more, whatever depended on a refused Library.
        let translation = LibraryTranslation.translate(withDependencies(candidates, valueSets: valueSets, problems: &problems))
        for refusal in translation.refused { problems.append(CatalogProblem(file: refusal.library.source, message: refusal.message)) }
        return withDependencies(translation.accepted, valueSets: valueSets, problems: &problems)
    }

    /// `libraries` less those whose dependency is missing (or was itself refused), until none is:
    /// `depends-on` Libraries and ValueSets, and the Libraries their CQL includes.
    private func withDependencies(_ libraries: [DTRArtifact], valueSets: [DTRArtifact], problems: inout [CatalogProblem]) -> [DTRArtifact] {
        let known = QuestionnaireCatalog(questionnaires: [], libraries: [], valueSets: valueSets)
        var accepted = libraries
        while true {
            let catalog = QuestionnaireCatalog(questionnaires: [], libraries: accepted, valueSets: valueSets)
            let names = Set(accepted.compactMap { $0.resource["name"]?.string })
            var refused: [(DTRArtifact, String)] = []
            for library in accepted {
                if let missing = ArtifactReferences.libraries(ofLibrary: library.resource).first(where: { catalog.library($0) == nil }) {
                    refused.append((library, "it depends on Library \(missing), which is not loaded"))
                } else if let missing = ArtifactReferences.valueSets(ofLibrary: library.resource).first(where: { known.valueSet($0) == nil }) {
                    refused.append((library, "it uses ValueSet \(missing), which is not loaded"))
                } else if let missing = LibraryTranslation.includedNames(of: library).first(where: { !names.contains($0) }) {
                    refused.append((library, "its CQL includes library \(missing), which is not loaded"))
                }
            }
            if refused.isEmpty { return accepted }
            for (library, message) in refused { problems.append(CatalogProblem(file: library.source, message: message)) }
            accepted.removeAll { library in refused.contains { $0.0.source == library.source } }
        }
    }

    // MARK: Files

    private func jsonFiles(in folder: String, problems: inout [CatalogProblem]) -> [(String, JSON)] {
        jsonFiles(at: directory.appendingPathComponent(folder), label: folder, problems: &problems)
    }

    /// The `.json` files of a folder, parsed, in name order; a missing folder has none.
    private func jsonFiles(at folder: URL, label: String, problems: inout [CatalogProblem]) -> [(String, JSON)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            let file = "\(label)/\(name)"
            do {
                return (file, try JSON.parse(data: Data(contentsOf: folder.appendingPathComponent(name))))
            } catch let error as JSONParseError {
                problems.append(CatalogProblem(file: file, message: "is not valid JSON: \(error.description)"))
            } catch {
                problems.append(CatalogProblem(file: file, message: "cannot be read: \(error.localizedDescription)"))
            }
            return nil
        }
    }

    static func canonical(of json: JSON) -> Canonical {
        Canonical(url: json["url"]?.string ?? "", version: json["version"]?.string)
    }

    static func requireUnique(_ artifact: DTRArtifact, among loaded: [DTRArtifact]) throws(CatalogFileProblem) {
        if let other = loaded.first(where: { $0.canonical == artifact.canonical }) {
            throw CatalogFileProblem("\(artifact.canonical) is already defined by \(other.source)")
        }
    }
}

/// The questionnaires folder cannot be read at all.
public struct CatalogLoadError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
