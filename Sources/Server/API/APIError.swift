import DNSWire
import HTTPTypes
import Hummingbird
import NIOCore

/// An API failure as the client sees it: an HTTP status and a JSON body
/// `{"error": {"code": "...", "message": "..."}}` saying what was wrong and what to do.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable code to branch on (`bad_parameter`, `not_found`, `unauthorized`, ...).
    public var code: String
    /// A readable reason.
    public var message: String
    /// Extra headers (e.g. `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 400: a query parameter, path segment or body field that cannot be used.
    public static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message)
    }

    /// 404: nothing known by that name.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }

    /// 401 with a `WWW-Authenticate: Bearer` challenge.
    public static func unauthorized(_ message: String) -> APIError {
        var e = APIError(.unauthorized, code: "unauthorized", message)
        e.headers[.wwwAuthenticate] = "Bearer realm=\"fluxscope\""
        return e
    }

    /// `status code: message`.
    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var j = JSONWriter(capacity: 256)
        j.beginObject()
        j.key("error"); j.beginObject()
        j.key("status"); j.number(Int(status.code))
        j.key("code"); j.string(code)
        j.key("message"); j.string(message)
        j.endObject()
        j.endObject()
        j.newline()
        var response = JSONResponse.make(j, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}
