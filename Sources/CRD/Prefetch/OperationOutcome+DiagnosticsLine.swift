import FHIR

extension OperationOutcome {
    /// The issues' diagnostics (or codes when there are none) on one line, for the prefetch
    /// log and the messages built from it.
    var diagnosticsLine: String {
        issues.map { $0.diagnostics ?? $0.code.rawValue }.joined(separator: "; ")
    }
}
