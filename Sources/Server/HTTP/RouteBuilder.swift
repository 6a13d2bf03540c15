import HTTPTypes
import Hummingbird

/// Registers routes on a Hummingbird router group, each with the access it requires, and
/// records them in the ``RouteTable`` so the server knows which methods a path supports
/// (405 vs 404).
public struct RouteBuilder {
    public typealias Context = GreenlightRequestContext

    let group: RouterGroup<Context>
    let table: RouteTable
    let authenticator: Authenticator
    let capabilities: CapabilityRegistry

    init(group: RouterGroup<Context>, table: RouteTable, authenticator: Authenticator, capabilities: CapabilityRegistry) {
        self.group = group
        self.table = table
        self.authenticator = authenticator
        self.capabilities = capabilities
    }

    @discardableResult
    public func on(
        _ path: String,
        method: HTTPRequest.Method,
        access: RouteAccess,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        table.add(path, method: method)
        if case .scope(let requirement) = access { capabilities.declare(scope: requirement.description) }
        // A child group per route, so the access check is a middleware of exactly this route.
        group.group()
            .add(middleware: AccessControlMiddleware(access: access, authenticator: authenticator))
            .on(RouterPath(path), method: method, use: handler)
        return self
    }

    @discardableResult
    public func get(
        _ path: String,
        access: RouteAccess,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .get, access: access, use: handler)
    }

    @discardableResult
    public func post(
        _ path: String,
        access: RouteAccess,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .post, access: access, use: handler)
    }
}
