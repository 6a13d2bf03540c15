import FHIR

extension Gathering {
    /// 412 when a required key (``PrefetchTemplate/isRequired``) ended up unavailable: not
    /// sent, or sent as an OperationOutcome, and not fetchable — no `fhirServer`, or the
    /// fetch failed. One issue per key, naming it (`prefetch.coverage`) and why.
    func checkRequiredKeys() throws(HookError) {
        let required = Set(PrefetchCatalog.templates(for: request.hook).filter(\.isRequired).map(\.key))
        let issues = log.filter { required.contains($0.key) && $0.source == .unavailable }.map { entry in
            let query = entry.query.map { " (\($0))" } ?? ""
            return OperationOutcome.Issue(
                severity: .error, code: .incomplete,
                diagnostics: "prefetch.\(entry.key)\(query) is needed and could not be had: \(entry.problem ?? "no reason given")",
                expression: ["prefetch.\(entry.key)"])
        }
        if !issues.isEmpty {
            throw HookError(.preconditionFailed, OperationOutcome(issues: issues))
        }
    }
}
