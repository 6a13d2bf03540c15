import FHIR
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Reads the whole body (up to the context's `maxUploadSize`) and parses it as JSON.
    ///
    /// An empty body is a 400 with an OperationOutcome; malformed JSON becomes a 400 naming
    /// line and column (see ``OperationOutcomeMiddleware``); an oversized one a 413.
    public mutating func fhirJSON(context: some RequestContext) async throws -> JSON {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw FHIRHTTPError(.badRequest, code: .required, "The request body is empty; a FHIR resource was expected.")
        }
        return try buffer.withUnsafeReadableBytes { bytes in
            try JSON.parse(bytes)
        }
    }
}
