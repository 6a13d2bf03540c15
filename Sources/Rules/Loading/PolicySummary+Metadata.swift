import FHIR

extension PolicySummary {
    /// The summary from the metadata table the prelude's `register` returns (already checked
    /// by `policy { … }`, so a mismatch here is an engine bug, reported as a load problem).
    init(metadata: JSON, file: String, version: String) throws(LuaFailure) {
        func fail(_ what: String) -> LuaFailure {
            LuaFailure(kind: .output, message: "\(file): unexpected policy metadata (\(what))")
        }
        guard let id = metadata["id"]?.string, let title = metadata["title"]?.string else { throw fail("id, title") }
        var services: [RuleService] = []
        for service in metadata["services"]?.array ?? [] {
            guard let system = service["system"]?.string, let codes = service["codes"]?.array else { throw fail("services") }
            for code in codes {
                guard let code = code.string else { throw fail("services.codes") }
                services.append(RuleService(system: system, code: code))
            }
        }
        func strings(_ key: String) -> [String]? {
            metadata[key]?.array.map { $0.compactMap(\.string) }
        }
        self.init(
            id: id, title: title, link: metadata["link"]?.string, file: file, version: version, services: services,
            plans: strings("plans"), linesOfBusiness: strings("lines_of_business"),
            questionnaire: metadata["questionnaire"]?.string, autoDeny: metadata["auto_deny"]?.bool ?? false,
            functions: Set((strings("functions") ?? []).compactMap(RuleFunction.init(rawValue:))))
    }
}
