import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: counts every response by status for `/metrics`, gives every
/// error a JSON body, and turns failures that are not HTTP errors into a logged 500 (a bug or
/// a broken store, never bad input: input is checked and answered with a 4xx).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            response.headers[.xContentTypeOptions] = "nosniff"
            metrics.request(method: method, status: Int(response.status.code))
            return response
        } catch let error as APIError {
            metrics.request(method: method, status: Int(error.status.code))
            throw error
        } catch let error as any HTTPResponseError {
            metrics.request(method: method, status: Int(error.status.code))
            throw APIError(error.status, code: Self.code(error.status), Self.message(error))
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            metrics.request(method: method, status: 500)
            throw APIError(.internalServerError, code: "internal", "the server failed to answer; the log says why")
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 413: return "too_large"
        default: return "http_\(status.code)"
        }
    }

    static func message(_ error: any HTTPResponseError) -> String {
        switch error.status.code {
        case 404: return "no such resource: see /api/v1/openapi.json for the API"
        case 413: return "the request body is larger than the server accepts"
        default:
            if let e = error as? HTTPError, let body = e.body { return body }
            return error.status.reasonPhrase
        }
    }
}
