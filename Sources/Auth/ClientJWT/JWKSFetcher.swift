import Foundation

/// Fetches a client's published JWKS. A protocol so tests (and deployments behind a proxy) can
/// supply their own; the server uses ``HTTPJWKSFetcher``.
public protocol JWKSFetcher: Sendable {
    /// The JWKS document at `url`, as JSON text.
    func fetchJWKS(from url: URL) async throws -> String
}

/// Why fetching a JWKS failed (status, size, encoding); transport errors pass through as they are.
public struct JWKSFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
