import ArgumentParser
import Auth
import CRD
import CaseStore
import Foundation
import Hummingbird
import Identifiers
import NIOCore
import Server

/// The floor under any order-sign answer, as a route of the same server: the JWT checked as a
/// hook's is (signature, `aud`, `exp`, the `jti` spent), the body read, the dispute log's entry
/// written with the request, a response and the `jti` (one grouped commit, as a hook call's),
/// and a response sent — none of the service's own work (reading the request, prefetch, rules,
/// coverage assertions, building the answer).
///
/// The CRD target asks order-sign for 30% of the trivial endpoint's throughput; this measures
/// how much of that the work the issue requires of every call leaves for the rest.
struct HookFloorRoute {
    static let path = "/bench/order-sign-floor"

    /// The response sent and logged: a real order-sign answer, made once before the server starts.
    let answer: [UInt8]
    let store: any CaseStore

    /// Asks the service itself for the answer the floor sends (`body` is a real hook request).
    static func make(_ dependencies: GreenlightServer.Dependencies, body: [UInt8]) async throws -> HookFloorRoute {
        guard let service = dependencies.cdsHooksService() else { throw CleanExit.message("no CRD service") }
        let answer = await service.call(serviceID: "greenlight-order-sign", body: body, clientID: "bench-ehr", receivedAt: Date())
        guard answer.status == 200, let bytes = answer.serializedBody else {
            throw CleanExit.message("order-sign answered \(answer.status): \(answer.body.serializedString())")
        }
        return HookFloorRoute(answer: bytes, store: dependencies.store)
    }

    func register(on routes: RouteBuilder) {
        let answer = answer, store = store
        let answerText = String(decoding: answer, as: UTF8.self)
        routes.post(Self.path, access: .cdsHooksCall) { request, context in
            let body = try await request.body.collect(upTo: 8 << 20)
            let call = HookCall(
                hookInstance: RandomIdentifier.uuid(), hook: "order-sign", serviceID: "greenlight-order-sign",
                clientID: context.caller?.clientID ?? "unknown", receivedAt: Date(), durationMilliseconds: 0, status: 200,
                requestJSON: String(buffer: body), responseJSON: answerText)
            try await store.recordHookCall(call, assertions: [], claiming: context.caller?.unrecordedTokenID)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
    }
}
