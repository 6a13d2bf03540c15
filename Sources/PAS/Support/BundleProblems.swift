import FHIR

/// The problems found in one PAS Bundle, gathered so the submitter learns of all of them from
/// one answer instead of fixing them one round trip at a time (PAS "Transaction Error
/// Handling": a 4xx carries **one** OperationOutcome). Each problem is one `error` issue whose
/// expression is a FHIRPath from the Bundle root (`Bundle.entry[0].resource.item[1].sequence`).
struct BundleProblems: Sendable {
    private(set) var issues: [OperationOutcome.Issue] = []

    var isEmpty: Bool { issues.isEmpty }

    mutating func add(_ code: OperationOutcome.IssueType, _ message: String, at paths: String...) {
        issues.append(OperationOutcome.Issue(severity: .error, code: code, diagnostics: message, expression: paths))
    }

    /// The outcome of all problems, as the 422 a Bundle that breaks the profile gets.
    var error: PASRequestError {
        PASRequestError(.unprocessableContent, OperationOutcome(issues: issues))
    }

    /// ``error``, or — should a reader stop without having said why, which would be a bug in
    /// it — one issue saying the `kind` Bundle could not be read, so no 422 ever goes out empty.
    mutating func unreadable(_ kind: String) -> PASRequestError {
        if isEmpty { add(.invalid, "The PAS \(kind) Bundle could not be read.", at: "Bundle") }
        return error
    }
}
