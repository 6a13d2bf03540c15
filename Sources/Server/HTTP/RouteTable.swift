import HTTPTypes
import Synchronization

/// What the server has routes for, so an unmatched request can be told apart:
/// an unknown path is a 404, a known path with another method is a 405 with `Allow`.
///
/// Hummingbird's router answers both with 404; FHIR clients deserve the difference.
public final class RouteTable: Sendable {
    private struct Route: Sendable {
        var segments: [Substring]
        var method: HTTPRequest.Method
    }

    private let routes = Mutex<[Route]>([])

    public init() {}

    /// Records a route. Parameter segments are written `:name` or `{name}`; `*` matches one segment.
    public func add(_ path: String, method: HTTPRequest.Method) {
        let route = Route(segments: Self.segments(of: path), method: method)
        routes.withLock { $0.append(route) }
    }

    /// The methods registered for routes matching `path`, sorted; empty when no route matches.
    public func methods(forPath path: String) -> [HTTPRequest.Method] {
        let requested = Self.segments(of: path)
        let matching = routes.withLock { routes in
            routes.filter { Self.matches(pattern: $0.segments, path: requested) }.map(\.method)
        }
        var seen = Set<String>()
        return matching.filter { seen.insert($0.rawValue).inserted }.sorted { $0.rawValue < $1.rawValue }
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(pattern: [Substring], path: [Substring]) -> Bool {
        guard pattern.count == path.count else { return false }
        for (expected, actual) in zip(pattern, path) {
            if expected == "*" || expected.hasPrefix(":") || (expected.hasPrefix("{") && expected.hasSuffix("}")) {
                continue
            }
            if expected != actual { return false }
        }
        return true
    }
}
