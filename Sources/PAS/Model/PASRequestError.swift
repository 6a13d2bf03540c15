import FHIR

/// Why a PAS `$submit` or `$inquire` body cannot be taken, free of HTTP: a status and **one**
/// OperationOutcome (PAS "Transaction Error Handling": 4xx, not retryable, one outcome whose
/// issues each carry severity, an IssueType code, diagnostics and a FHIRPath expression).
///
/// The status follows the house rule of the CRD service (``HookError`` there):
/// - **400** when the body cannot be read as a request at all: not JSON, not an object, not a
///   Bundle (nor a `Parameters` whose `resource` is one). Nothing in it can be checked.
/// - **422** when it is a Bundle but breaks the PAS profile (wrong type, Claim missing or not
///   first, references that do not resolve, item rules). The body was understood, its content
///   is refused; every problem found is one issue.
public struct PASRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Status: Int, Sendable, Hashable {
        case badRequest = 400
        /// The body was understood, but the caller may not do what it asks (a Subscription
        /// whose filter names another organization).
        case forbidden = 403
        case unprocessableContent = 422
    }

    public var status: Status
    public var outcome: OperationOutcome

    public init(_ status: Status, _ outcome: OperationOutcome) {
        self.status = status
        self.outcome = outcome
    }

    /// One issue about the element at `path`.
    public init(_ status: Status, _ code: OperationOutcome.IssueType, _ message: String, path: String) {
        self.init(status, .error(code, message, expression: [path]))
    }

    public var description: String { "\(status.rawValue): \(outcome.description)" }
}
