import Hummingbird
import Auth

/// Applies one route's ``RouteAccess``: verifies the bearer token when the route needs one and
/// puts the caller in the context for the handler.
struct AccessControlMiddleware: RouterMiddleware {
    typealias Context = GreenlightRequestContext

    let access: RouteAccess
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.caller = try await authenticator.authorize(
            access, authorization: request.headers[.authorization], address: context.remoteIPAddress,
            calledURL: authenticator.baseURL + request.uri.path)
        if let caller = context.caller {
            context.logger[metadataKey: "client"] = "\(caller.clientID)"
        }
        return try await next(request, context)
    }
}
