import FHIR

/// Why a hook call cannot be answered, with the HTTP status the CRD guide prescribes:
/// 400 for JSON that cannot be read or a Coverage problem (missing, several, no payer
/// identifier, a payer this server does not serve), 412 when prefetch data is missing and
/// cannot be fetched either, 422 for valid JSON that breaks CDS Hooks, FHIR or profile rules.
/// The body is one OperationOutcome; each issue names the element by path
/// (`context.draftOrders.entry[0].resource`, `prefetch.coverage`).
public struct HookError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Status: Int, Sendable, Hashable {
        case badRequest = 400
        case preconditionFailed = 412
        case unprocessableContent = 422
        /// The service itself failed (its case store could not be read): the EHR carries on
        /// without guidance, as it does when the service is late.
        case internalError = 500
    }

    public var status: Status
    public var outcome: OperationOutcome

    public init(_ status: Status, _ outcome: OperationOutcome) {
        self.status = status
        self.outcome = outcome
    }

    /// One issue: `code` is the OperationOutcome issue type, `path` the element it is about.
    public init(_ status: Status, _ code: OperationOutcome.IssueType, _ message: String, path: String? = nil) {
        self.init(status, .error(code, message, expression: path.map { [$0] } ?? []))
    }

    public var description: String { "\(status.rawValue): \(outcome.description)" }
}
