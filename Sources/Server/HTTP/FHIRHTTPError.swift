import FHIR
import Foundation
import HTTPTypes
import Hummingbird

/// An HTTP failure whose body is one FHIR OperationOutcome.
///
/// Anything a handler throws ends up as one of these (see ``OperationOutcomeMiddleware``), so a
/// caller never sees an HTML page, an empty body, or a stack trace.
public struct FHIRHTTPError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var outcome: OperationOutcome
    /// Extra headers such as `Allow` (405) or `WWW-Authenticate` (401).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, outcome: OperationOutcome, headers: HTTPFields = [:]) {
        self.status = status
        self.outcome = outcome
        self.headers = headers
    }

    public init(
        _ status: HTTPResponse.Status,
        code: OperationOutcome.IssueType,
        _ diagnostics: String,
        expression: [String] = [],
        headers: HTTPFields = [:]
    ) {
        self.init(
            status,
            outcome: OperationOutcome.error(code, diagnostics, expression: expression),
            headers: headers
        )
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = FHIRPayload.response(outcome.json, status: status)
        for field in headers {
            response.headers.append(field)
        }
        return response
    }
}
