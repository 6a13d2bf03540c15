import FHIR
import Foundation

/// Reads from the EHR's FHIR server (`fhirServer`) what prefetch left out. A protocol so the
/// gatherer can be tested without a network and the server can share one HTTP client.
public protocol FHIRResourceFetcher: Sendable {
    /// Runs a relative read or search (`Patient/123`, `Coverage?patient=123&status=active`)
    /// against `base` and returns the resource or the searchset Bundle (all pages followed,
    /// up to the implementation's limit). Throws when the server cannot be reached, answers
    /// anything but 2xx FHIR JSON, or answers with an OperationOutcome.
    func fetch(_ relativeQuery: String, base: URL, bearerToken: String?) async throws -> JSON
}

/// Why a fetch from the EHR's FHIR server failed, in words fit for the dispute log and for a
/// 412's OperationOutcome.
public struct FHIRFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
