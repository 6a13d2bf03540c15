import CaseStore
import CRD
import FHIR
import Foundation
import Hummingbird
import NIOCore

/// The CRD CDS Hooks service over HTTP: discovery, the six hooks, feedback. Every call needs a
/// CDS Hooks JWT from a registered EHR (``RouteAccess/cdsHooks``); the logic is in
/// ``CDSHooksService``, this only moves bytes.
struct CDSHooksRoutes {
    let service: CDSHooksService
    let timeSource: any TimeSource

    /// Hook requests carry whole order Bundles and prefetch; 8 MiB is far above real ones.
    static let maxBodySize = 8 << 20

    func register(on routes: RouteBuilder) {
        routes.get("/cds-services", access: .cdsHooks) { _, _ in
            Self.response(CDSHooksService.Answer(status: 200, body: service.discoveryDocument))
        }
        // The call's jti is written with its log entry (one commit per call).
        let authenticator = routes.authenticator
        routes.post("/cds-services/:id", access: .cdsHooksCall) { request, context in
            let body = try await Self.body(of: request)
            let answer = await service.call(
                serviceID: context.parameters.get("id") ?? "", body: body, clientID: context.caller?.clientID ?? "unknown",
                receivedAt: timeSource.now(), tokenID: context.caller?.unrecordedTokenID)
            if let jti = answer.replayedJTI { throw authenticator.replayedCDSHooksJWT(jti) }
            return Self.response(answer)
        }
        routes.post("/cds-services/:id/feedback", access: .cdsHooks) { request, context in
            let body = try await Self.body(of: request)
            let answer = await service.feedback(
                serviceID: context.parameters.get("id") ?? "", body: body, clientID: context.caller?.clientID ?? "unknown",
                receivedAt: timeSource.now())
            return Self.response(answer)
        }
    }

    /// The request body, refusing what is not JSON or is too large.
    static func body(of request: Request) async throws -> [UInt8] {
        if let type = request.headers[.contentType], !FHIRMediaType.isAcceptableBody(contentType: type) {
            throw FHIRHTTPError(
                .unsupportedMediaType, code: .notSupported, "CDS Hooks requests are application/json, not \(type)")
        }
        do {
            let buffer = try await request.body.collect(upTo: maxBodySize)
            return Array(buffer.readableBytesView)
        } catch {
            throw FHIRHTTPError(.contentTooLarge, code: .tooLong, "The request is larger than \(maxBodySize >> 20) MiB")
        }
    }

    static func response(_ answer: CDSHooksService.Answer) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: answer.serializedBody ?? answer.body.serialized())))
    }
}
