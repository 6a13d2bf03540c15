import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A FHIR JSON answer (`application/fhir+json`) that handlers return.
///
/// Pretty-printed when the caller asks with `_pretty=true`, as FHIR servers conventionally do.
public struct FHIRPayload: ResponseGenerator, Sendable {
    public var json: JSON
    public var status: HTTPResponse.Status
    public var headers: HTTPFields

    public init(_ json: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.json = json
        self.status = status
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let pretty = request.uri.queryParameters.get("_pretty") == "true"
        var response = Self.response(json, status: status, pretty: pretty)
        for field in headers {
            response.headers.append(field)
        }
        return response
    }

    /// The raw response, for code paths that have no request at hand (error rendering).
    public static func response(_ json: JSON, status: HTTPResponse.Status = .ok, pretty: Bool = false) -> Response {
        let bytes = json.serialized(pretty: pretty)
        return Response(
            status: status,
            headers: [.contentType: FHIRMediaType.responseContentType],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
