import FHIR
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A FHIR server on 127.0.0.1 for the gatherer's and fetcher's tests: it serves JSON from a
/// dictionary keyed by the request target below `/fhir/` (`Patient/123`,
/// `Coverage?patient=123&status=active`), each answer after the route's delay, and records
/// every request with its Authorization and Accept headers and the most it had in flight at
/// once — which is how the tests see that fetches ran in parallel. `{{base}}` in a body is
/// replaced by the server's own FHIR base, for paging links.
final class LoopbackFHIRServer: Sendable {
    struct Route: Sendable {
        var status: HTTPResponseStatus = .ok
        var body: String
        var contentType = "application/fhir+json"
        var delay: TimeAmount = .zero

        init(status: HTTPResponseStatus = .ok, body: String, contentType: String = "application/fhir+json", delay: TimeAmount = .zero) {
            self.status = status
            self.body = body
            self.contentType = contentType
            self.delay = delay
        }

        init(_ json: JSON, status: HTTPResponseStatus = .ok, delay: TimeAmount = .zero) {
            self.init(status: status, body: json.serializedString(), delay: delay)
        }
    }

    struct SeenRequest: Sendable {
        var target: String
        var authorization: String?
        var accept: String?
    }

    private let channel: any Channel
    let port: Int
    private let recorder: Recorder

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.recorder = recorder
    }

    /// Starts serving `routes`; `delay` applies to routes that have none of their own.
    static func start(routes: [String: Route], delay: TimeAmount = .zero) async throws -> LoopbackFHIRServer {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(routes: routes, defaultDelay: delay, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LoopbackFHIRServer(channel: channel, recorder: recorder)
    }

    /// The FHIR base to put in `fhirServer`.
    var base: String { "http://127.0.0.1:\(port)/fhir" }

    func stop() async throws { try await channel.close() }

    var requests: [SeenRequest] { recorder.requests }
    var targets: [String] { requests.map(\.target) }
    var maximumInFlight: Int { recorder.maximumInFlight }

    /// Thread-safe request log shared by every connection's handler.
    private final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [SeenRequest] = []
        private var inFlight = 0
        private var peak = 0

        func begin(_ request: SeenRequest) {
            lock.withLock {
                seen.append(request)
                inFlight += 1
                peak = max(peak, inFlight)
            }
        }

        func end() { lock.withLock { inFlight -= 1 } }

        var requests: [SeenRequest] { lock.withLock { seen } }
        var maximumInFlight: Int { lock.withLock { peak } }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let routes: [String: Route]
        let defaultDelay: TimeAmount
        let recorder: Recorder
        var head: HTTPRequestHead?

        init(routes: [String: Route], defaultDelay: TimeAmount, recorder: Recorder) {
            self.routes = routes
            self.defaultDelay = defaultDelay
            self.recorder = recorder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
            case .body:
                break
            case .end:
                guard let head else { return }
                let target = head.uri.hasPrefix("/fhir/") ? String(head.uri.dropFirst("/fhir/".count)) : head.uri
                recorder.begin(
                    SeenRequest(
                        target: target, authorization: head.headers.first(name: "Authorization"),
                        accept: head.headers.first(name: "Accept")))
                let route =
                    routes[target]
                    ?? Route(
                        status: .notFound,
                        body: #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Resource not found"}]}"#)
                let delay = route.delay == .zero ? defaultDelay : route.delay
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: delay) {
                    let (handler, context) = bound.value
                    handler.respond(route, context: context)
                }
            }
        }

        private func respond(_ route: Route, context: ChannelHandlerContext) {
            let port = context.channel.localAddress?.port ?? 0
            let body = route.body.replacingOccurrences(of: "{{base}}", with: "http://127.0.0.1:\(port)/fhir")
            var headers = HTTPHeaders([("Content-Type", route.contentType)])
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: route.status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            recorder.end()
        }
    }
}
