import HTTPTypes
import Hummingbird

/// Bearer-token checks: every write (any method but GET, HEAD, OPTIONS) needs a token made by
/// `fluxscope token create`; reads need one only when the server is configured so.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let repository: any FluxRepository
    let readAccess: ServerConfiguration.ReadAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isRead = request.method == .get || request.method == .head || request.method == .options
        if isRead && readAccess == .open { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized(isRead
                ? "this server needs a token to read: send Authorization: Bearer TOKEN"
                : "writing needs a token: send Authorization: Bearer TOKEN (make one with fluxscope token create)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard token.utf8.count <= 256, try await repository.authenticate(bearer: token) != nil else {
            throw APIError.unauthorized("the token is not valid")
        }
        return try await next(request, context)
    }
}
