import HTTPTypes
import Hummingbird
import Synchronization

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
    /// The methods of every path added so far, for `MethodNotAllowedMiddleware`.
    public let table = RouteTable()

    /// Registers on `router`.
    public init(router: Router<Context>) { self.router = router }

    /// Adds a handler for `method` on `path` (Hummingbird syntax: `/domains/:domain`).
    public func on(_ method: HTTPRequest.Method, _ path: String,
                   _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        routes.append(RouteSpec(method: method.rawValue, path: openAPIPath))
        table.add(method.rawValue, path)
    }
}

/// The methods served on each path pattern (Hummingbird syntax, `:name` for one segment),
/// filled while routes are added and read by `MethodNotAllowedMiddleware` on every request.
public final class RouteTable: Sendable {
    private let patterns = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    /// Records `method` on `path`.
    func add(_ method: String, _ path: String) {
        let segments = path.split(separator: "/")
        patterns.withLock { list in
            if let i = list.firstIndex(where: { $0.segments == segments }) { list[i].methods.insert(method) }
            else { list.append((segments, [method])) }
        }
    }

    /// The methods served on `path` (by every pattern it matches); empty for an unknown path.
    public func methods(for path: String) -> Set<String> {
        let segments = path.split(separator: "/")
        return patterns.withLock { list in
            list.reduce(into: Set<String>()) { found, p in
                guard p.segments.count == segments.count else { return }
                if zip(p.segments, segments).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) { found.formUnion(p.methods) }
            }
        }
    }
}
