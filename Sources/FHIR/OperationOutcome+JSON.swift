extension OperationOutcome {
    /// The OperationOutcome resource.
    ///
    /// FHIR requires at least one issue, so an outcome without issues is written with a
    /// single `information`/`informational` one saying so.
    public var json: JSON {
        let written =
            issues.isEmpty
            ? [Issue(severity: .information, code: .informational, diagnostics: "No issues to report.")] : issues
        return ["resourceType": "OperationOutcome", "issue": .array(written.map(\.json))]
    }

    /// Reads an OperationOutcome resource; throws an outcome describing what is wrong with it.
    public init(json: JSON) throws(OperationOutcome) {
        guard json.resourceType == "OperationOutcome" else {
            throw .error(.invalid, "Expected an OperationOutcome resource.", expression: ["OperationOutcome"])
        }
        guard let issues = json["issue"]?.array else {
            throw .error(.required, "An OperationOutcome needs at least one issue.", expression: ["OperationOutcome.issue"])
        }
        var read: [Issue] = []
        for (index, issue) in issues.enumerated() {
            read.append(try Issue(json: issue, path: "OperationOutcome.issue[\(index)]"))
        }
        self.init(issues: read)
    }
}

extension OperationOutcome.Issue {
    /// The `issue` element.
    public var json: JSON {
        var json: JSON = ["severity": .string(severity.rawValue), "code": .string(code.rawValue)]
        if let details { json["details"] = details.json }
        if let diagnostics { json["diagnostics"] = .string(diagnostics) }
        if !expression.isEmpty { json["expression"] = .array(expression.map(JSON.string)) }
        return json
    }

    /// Reads an `issue` element found at `path` (used in the error it throws).
    public init(json: JSON, path: String = "OperationOutcome.issue") throws(OperationOutcome) {
        guard let severityCode = json["severity"]?.string, let severity = OperationOutcome.Severity(rawValue: severityCode)
        else {
            throw .error(.required, "An issue needs a severity (fatal, error, warning or information).", expression: ["\(path).severity"])
        }
        guard let typeCode = json["code"]?.string, let code = OperationOutcome.IssueType(rawValue: typeCode) else {
            throw .error(.required, "An issue needs a code from the FHIR issue-type value set.", expression: ["\(path).code"])
        }
        self.init(
            severity: severity,
            code: code,
            diagnostics: json["diagnostics"]?.string,
            expression: json["expression"]?.array?.compactMap(\.string) ?? [],
            details: json["details"].flatMap(CodeableConcept.init(json:))
        )
    }
}
