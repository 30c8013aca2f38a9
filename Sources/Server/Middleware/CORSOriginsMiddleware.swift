import HTTPTypes
import Hummingbird

/// CORS for a configured list of origins (off unless origins are configured): requests from a
/// listed origin get `Access-Control-Allow-Origin` naming it; preflights are answered here.
struct CORSOriginsMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(origin) else { return try await next(request, context) }
        if request.method == .options {
            var r = Response(status: .noContent)
            r.headers[.accessControlAllowOrigin] = origin
            r.headers[.accessControlAllowMethods] = "GET, POST, DELETE"
            r.headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
            r.headers[.accessControlMaxAge] = "600"
            r.headers[.vary] = "Origin"
            return r
        }
        var r = try await next(request, context)
        r.headers[.accessControlAllowOrigin] = origin
        r.headers[.vary] = "Origin"
        return r
    }
}
