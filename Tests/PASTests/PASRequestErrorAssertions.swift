import FHIR
import Testing

@testable import PAS

/// Runs a reader expecting it to refuse, and gives back the error for closer checks.
func expectRefusal<T>(
    _ read: () throws(PASRequestError) -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> PASRequestError? {
    do {
        _ = try read()
        Issue.record("the body was accepted", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(!error.outcome.issues.isEmpty, sourceLocation: sourceLocation)
        #expect(error.outcome.issues.allSatisfy { $0.severity == .error && $0.diagnostics?.isEmpty == false },
            sourceLocation: sourceLocation)
        return error
    }
}

extension PASRequestError {
    /// The issue naming `expression`, if any.
    func issue(at expression: String) -> OperationOutcome.Issue? {
        outcome.issues.first { $0.expression.contains(expression) }
    }
}
