import FHIR

/// The rules' code sets (`Rules/valuesets/<name>.json`: name, title, description, codes) as FHIR
/// ValueSets, so a form's pre-population finds diagnoses with the very codes the policies
/// decide with — one list, not a copy per module.
enum RuleValueSet {
    /// Where the rules' sets are published: `<base><name>`.
    static let canonicalBase = "http://greenlight.example/fhir/ValueSet/"

    /// The ValueSet, or why the file is not one.
    static func valueSet(from json: JSON) throws(CatalogFileProblem) -> JSON {
        guard let name = json["name"]?.string, !name.isEmpty else { throw CatalogFileProblem("has no \"name\"") }
        guard let codes = json["codes"]?.array, !codes.isEmpty else { throw CatalogFileProblem("has no \"codes\"") }
        var bySystem: [(system: String, concepts: [JSON])] = []
        for (index, code) in codes.enumerated() {
            guard let system = code["system"]?.string, let value = code["code"]?.string else {
                throw CatalogFileProblem("codes[\(index)] needs a system and a code")
            }
            var concept: JSONObject = ["code": .string(value)]
            if let display = code["display"]?.string { concept["display"] = .string(display) }
            if let position = bySystem.firstIndex(where: { $0.system == system }) {
                bySystem[position].concepts.append(.object(concept))
            } else {
                bySystem.append((system, [.object(concept)]))
            }
        }
        var elements: JSONObject = [
            "url": .string(canonicalBase + name),
            "name": .string(name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()),
            "status": "active",
        ]
        if let title = json["title"]?.string { elements["title"] = .string(title) }
        if let description = json["description"]?.string { elements["description"] = .string(description) }
        elements["compose"] = [
            "include": .array(bySystem.map { ["system": .string($0.system), "concept": .array($0.concepts)] })
        ]
        return .resource(type: "ValueSet", id: name, elements)
    }
}
