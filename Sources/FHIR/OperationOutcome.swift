/// FHIR's way of reporting errors and warnings: a list of issues, each with a severity, a
/// coded type, human-readable diagnostics and the FHIRPath of the element concerned.
///
/// Every error the server returns is one of these, so it is a Swift `Error` too: code deep
/// in request handling can `throw OperationOutcome.error(.required, "…")` and the HTTP layer
/// renders it unchanged.
public struct OperationOutcome: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [Issue]

    public init(issues: [Issue]) {
        self.issues = issues
    }

    /// One issue.
    public struct Issue: Sendable, Hashable {
        public var severity: Severity
        public var code: IssueType
        /// Free text for the person reading the response.
        public var diagnostics: String?
        /// FHIRPath expressions of the elements the issue is about (`Claim.item[0].productOrService`).
        public var expression: [String]
        /// A coded reason beyond `code`, e.g. from a PAS error value set.
        public var details: CodeableConcept?

        public init(
            severity: Severity,
            code: IssueType,
            diagnostics: String? = nil,
            expression: [String] = [],
            details: CodeableConcept? = nil
        ) {
            self.severity = severity
            self.code = code
            self.diagnostics = diagnostics
            self.expression = expression
            self.details = details
        }
    }

    /// An outcome with one `error` issue.
    public static func error(_ code: IssueType, _ diagnostics: String, expression: [String] = []) -> OperationOutcome {
        OperationOutcome(issues: [Issue(severity: .error, code: code, diagnostics: diagnostics, expression: expression)])
    }

    /// Whether any issue is an `error` or `fatal` one, i.e. the operation did not succeed.
    public var hasErrors: Bool {
        issues.contains { $0.severity == .error || $0.severity == .fatal }
    }

    /// The issues on one line each, for logs: `error invalid: diagnostics (expression)`.
    public var description: String {
        issues.map { issue in
            var line = "\(issue.severity.rawValue) \(issue.code.rawValue)"
            if let diagnostics = issue.diagnostics { line += ": \(diagnostics)" }
            if !issue.expression.isEmpty { line += " (\(issue.expression.joined(separator: ", ")))" }
            return line
        }.joined(separator: "\n")
    }
}

extension OperationOutcome {
    /// A JSON syntax error as FHIR reports it: code `structure`, diagnostics naming line and column.
    public init(_ error: JSONParseError) {
        self = .error(.structure, "The body is not valid JSON: \(error.description)")
    }
}
