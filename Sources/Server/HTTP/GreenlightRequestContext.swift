import Hummingbird
import Logging
import NIOCore
import Auth

/// Per-request state carried through middleware and handlers.
///
/// Hummingbird copies the context through the middleware chain, so per-request concerns
/// (the authenticated caller, the peer's address) are stored properties here.
public struct GreenlightRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The verified caller, set by ``AccessControlMiddleware`` on routes that need one.
    public var caller: Caller?
    /// The peer's address; keys the per-address authentication limits.
    public let remoteAddress: SocketAddress?

    /// FHIR payloads such as PAS Bundles with attachments are larger than Hummingbird's 2 MiB default.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The verified caller; 401 when there is none (a route the access-control middleware
    /// let through without a token must not act for anyone).
    public func authenticatedCaller() throws -> Caller {
        guard let caller else { throw FHIRHTTPError(.unauthorized, code: .login, "This request needs an access token.") }
        return caller
    }

    /// The peer's IP address as text, or `unknown` (in-process tests have none).
    public var remoteIPAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
