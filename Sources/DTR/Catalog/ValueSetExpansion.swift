import FHIR

/// Pre-expands small enumerated ValueSets, as DTR asks of payers (sets under 40 codes travel
/// expanded, so a client without a terminology server can still use them).
enum ValueSetExpansion {
    static let limit = 40

    /// `valueSet` with an `expansion` when it has none, lists its codes (`compose.include.concept`,
    /// no filters or imported sets) and has fewer than ``limit`` of them; otherwise unchanged.
    static func expanded(_ valueSet: JSON, timestamp: String) -> JSON {
        guard valueSet["expansion"] == nil, let includes = valueSet["compose"]?["include"]?.array,
            valueSet["compose"]?["exclude"] == nil
        else { return valueSet }
        var contains: [JSON] = []
        for include in includes {
            guard let system = include["system"]?.string, include["filter"] == nil, include["valueSet"] == nil,
                let concepts = include["concept"]?.array
            else { return valueSet }
            for concept in concepts {
                guard let code = concept["code"]?.string else { return valueSet }
                var entry: JSONObject = ["system": .string(system)]
                if let version = include["version"] { entry["version"] = version }
                entry["code"] = .string(code)
                if let display = concept["display"] { entry["display"] = display }
                contains.append(.object(entry))
            }
        }
        guard !contains.isEmpty, contains.count < limit else { return valueSet }
        var result = valueSet
        result["expansion"] = [
            "timestamp": .string(timestamp), "total": .number(JSONNumber(contains.count)), "contains": .array(contains),
        ]
        return result
    }
}
