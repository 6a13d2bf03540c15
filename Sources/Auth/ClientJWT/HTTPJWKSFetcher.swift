import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches JWKS documents over HTTP with AsyncHTTPClient: `GET`, `Accept: application/json`,
/// a 5-second deadline, at most 256 KiB, and only a 200 answer counts.
///
/// Each fetch uses its own short-lived client configured not to follow redirects, rather than
/// `HTTPClient.shared` (which follows up to 20): the registered URL is the one allowed, and a
/// redirect could lead the server to fetch from anywhere. Fetches are rare (results are cached by
/// ``ClientKeyResolver``), so the extra connection setup does not matter.
public struct HTTPJWKSFetcher: JWKSFetcher {
    public var timeout: TimeInterval
    public var maximumBytes: Int

    public init(timeout: TimeInterval = 5, maximumBytes: Int = 256 * 1024) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    public func fetchJWKS(from url: URL) async throws -> String {
        let deadline = TimeAmount.milliseconds(Int64(timeout * 1000))
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: deadline, read: deadline))
        configuration.decompression = .enabled(limit: .size(maximumBytes))
        let maximumBytes = self.maximumBytes
        return try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await client.execute(request, timeout: deadline)
            guard response.status == .ok else {
                throw JWKSFetchError("\(url.absoluteString) answered HTTP \(response.status.code), not 200")
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBytes {
                throw JWKSFetchError("\(url.absoluteString) sent \(length) bytes; a JWKS may have at most \(maximumBytes)")
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maximumBytes)
            } catch is NIOTooManyBytesError {
                throw JWKSFetchError("\(url.absoluteString) sent more than \(maximumBytes) bytes")
            }
            guard let text = String(validating: Array(body.readableBytesView), as: UTF8.self) else {
                throw JWKSFetchError("\(url.absoluteString) did not send UTF-8 text")
            }
            return text
        }
    }
}
