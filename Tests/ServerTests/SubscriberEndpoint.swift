import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A subscriber's rest-hook endpoint on a loopback port: keeps every POST it gets (body and
/// `Authorization` header) and answers with a status the test can change, to play a subscriber
/// that is down and comes back.
final class SubscriberEndpoint: Sendable {
    struct Received: Sendable {
        var body: JSON
        var authorization: String?
        var contentType: String?
        /// The status this endpoint answered with.
        var answered: Int
    }

    private let received = Mutex<[Received]>([])
    private let status = Mutex<HTTPResponse.Status>(.ok)

    /// Everything POSTed so far, in order.
    var posts: [Received] { received.withLock { $0 } }

    /// What the endpoint answers from now on.
    func answer(_ newStatus: HTTPResponse.Status) { status.withLock { $0 = newStatus } }

    /// The POSTs answered 2xx whose SubscriptionStatus `type` is `type` (handshake, event-notification).
    func accepted(_ type: String) -> [JSON] {
        posts.filter { (200..<300).contains($0.answered) && Self.notificationType($0.body) == type }.map(\.body)
    }

    static func notificationType(_ bundle: JSON) -> String? {
        bundle["entry"]?[0]?["resource"]?["parameter"]?.array?.first { $0["name"]?.string == "type" }?["valueCode"]?.string
    }

    /// Waits (up to `seconds`) until `condition` holds; `false` if it never did.
    func wait(seconds: Double = 10, until condition: @Sendable (SubscriberEndpoint) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    /// Runs the endpoint while `body` runs, giving it the hook's URL (`http://127.0.0.1:port/hook`).
    func serving<Value: Sendable>(_ body: (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("/hook") { request, context -> Response in
            let bytes = try await request.body.collect(upTo: 16 * 1024 * 1024)
            let answered = self.status.withLock { $0 }
            self.received.withLock {
                $0.append(
                    Received(
                        body: (try? JSON.parse(bytes.readableBytesView)) ?? .null,
                        authorization: request.headers[.authorization], contentType: request.headers[.contentType],
                        answered: answered.code))
            }
            return Response(status: answered)
        }
        return try await LoopbackServer.serving(router, label: "subscriber") { port in
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}
