import FHIR
import Testing

@testable import PAS

/// Runs a reader expecting it to refuse with a ``PASRequestError``, and gives back the error
/// for closer checks. (An untyped closure: a typed-throws closure inside `#require` crashes
/// the 6.3.1 compiler.)
func expectRefusal(_ read: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PASRequestError? {
    do {
        try read()
        Issue.record("the body was accepted", sourceLocation: sourceLocation)
        return nil
    } catch let error as PASRequestError {
        #expect(!error.outcome.issues.isEmpty, sourceLocation: sourceLocation)
        #expect(
            error.outcome.issues.allSatisfy { $0.severity == .error && $0.diagnostics?.isEmpty == false },
            sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension PASRequestError {
    /// The issue naming `expression`, if any.
    func issue(at expression: String) -> OperationOutcome.Issue? {
        outcome.issues.first { $0.expression.contains(expression) }
    }
}
