import HTTPTypes
import Hummingbird

/// One route the server answers, as the OpenAPI document writes it (`/api/v1/domains/{domain}`).
public struct RouteSpec: Hashable, Sendable, CustomStringConvertible {
    /// `GET`, `POST`, `DELETE`.
    public var method: String
    /// The path, parameters in braces.
    public var path: String
    /// `GET /path`.
    public var description: String { "\(method) \(path)" }
}

/// Adds handlers to a router and records each route, so that the OpenAPI document can be
/// checked against what is really served.
public final class RouteRegistry<Context: RequestContext> {
    /// The router routes are added to.
    public let router: Router<Context>
    /// Every route added, in order.
    public private(set) var routes: [RouteSpec] = []

    /// Registers on `router`.
    public init(router: Router<Context>) { self.router = router }

    /// Adds a handler for `method` on `path` (Hummingbird syntax: `/domains/:domain`).
    public func on(_ method: HTTPRequest.Method, _ path: String,
                   _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        routes.append(RouteSpec(method: method.rawValue, path: openAPIPath))
    }
}
