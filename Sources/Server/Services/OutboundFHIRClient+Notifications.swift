import AsyncHTTPClient
import Foundation
import NIOCore

/// A notification POST that did not get a 2xx answer, in words for the outbox's `last_error`
/// and the subscription's `error`.
struct NotificationDeliveryError: Error, CustomStringConvertible {
    var description: String
}

extension OutboundFHIRClient {
    /// POSTs a notification `body` to `url` with the subscriber's `headers` (`Name: value` lines)
    /// and `contentType`; returns on a 2xx answer and throws ``NotificationDeliveryError`` on
    /// anything else — another status, no connection, no answer within `timeout`.
    func postNotification(
        _ body: String, to url: String, contentType: String, headers: [String], timeout: Duration
    ) async throws(NotificationDeliveryError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for line in headers {
            guard let colon = line.firstIndex(of: ":") else { continue }
            request.headers.add(
                name: line[..<colon].trimmingCharacters(in: .whitespaces),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        request.headers.replaceOrAdd(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        let status: UInt
        do {
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            status = response.status.code
            // Read (and drop) what the endpoint says, so the connection can be reused.
            _ = try? await response.body.collect(upTo: 1024 * 1024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw NotificationDeliveryError(description: "POST \(url): no answer within \(timeout)")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw NotificationDeliveryError(description: "POST \(url): could not connect")
        } catch {
            throw NotificationDeliveryError(description: "POST \(url) failed: \(error)")
        }
        guard (200..<300).contains(status) else {
            throw NotificationDeliveryError(description: "POST \(url) answered HTTP \(status)")
        }
    }
}
