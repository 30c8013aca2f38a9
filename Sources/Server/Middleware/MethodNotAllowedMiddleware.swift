import HTTPTypes
import Hummingbird

/// A known path asked with a method it does not serve is answered `405 Method Not Allowed`
/// with an `Allow` header listing the methods it does serve (RFC 9110 section 15.5.6), before
/// authentication, rather than the router's 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let methods = table.methods(for: request.uri.path)
        guard !methods.isEmpty, !methods.contains(request.method.rawValue) else { return try await next(request, context) }
        let allowed = methods.sorted().joined(separator: ", ")
        var error = APIError(.methodNotAllowed, code: "method_not_allowed",
                             "\(request.method.rawValue) is not served on this path: use \(allowed)")
        error.headers[.allow] = allowed
        throw error
    }
}
