import HTTPTypes
import Hummingbird

/// Registers routes on a Hummingbird router group and records them in the ``RouteTable``,
/// so the server knows which methods a path supports (405 vs 404).
public struct RouteBuilder: Sendable {
    public typealias Context = GreenlightRequestContext

    let group: RouterGroup<Context>
    let table: RouteTable

    init(group: RouterGroup<Context>, table: RouteTable) {
        self.group = group
        self.table = table
    }

    @discardableResult
    public func on(
        _ path: String,
        method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        table.add(path, method: method)
        group.on(RouterPath(path), method: method, use: handler)
        return self
    }

    @discardableResult
    public func get(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .get, use: handler)
    }

    @discardableResult
    public func post(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .post, use: handler)
    }
}
