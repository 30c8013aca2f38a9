import DNSWire
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses built from FluxScope's own JSON writer and text, with the right content types.
public enum JSONResponse {
    /// A JSON response from a filled writer.
    public static func make(_ j: JSONWriter, status: HTTPResponse.Status = .ok) -> Response {
        bytes(j.bytes, contentType: "application/json; charset=utf-8", status: status)
    }

    /// A JSON response written by `body`.
    public static func build(status: HTTPResponse.Status = .ok, capacity: Int = 4096, _ body: (inout JSONWriter) -> Void) -> Response {
        var j = JSONWriter(capacity: capacity)
        body(&j)
        j.newline()
        return make(j, status: status)
    }

    /// A response with `bytes` as its body.
    public static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The headers of every download (`StreamedDownload` and the exposure report): the content
    /// type, no caching, and a `Content-Disposition: attachment` naming the file.
    static func downloadHeaders(filename: String, contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return headers
    }

    /// An HTML page.
    public static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var r = bytes(Array(text.utf8), contentType: "text/html; charset=utf-8", status: status)
        r.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'"
        return r
    }
}
