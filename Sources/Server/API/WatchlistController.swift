import DNSWire
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/watchlist`: the domains the server probes on their TTL. Adding and removing need
/// a token (the auth middleware checks every write).
struct WatchlistController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository
    let maxBodyBytes: Int

    /// The body of `POST /api/v1/watchlist`.
    struct AddRequest: Decodable {
        var domain: String
        var note: String?
        var interval: Double?
    }

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/watchlist") { _, _ in try await list() }
        routes.on(.post, "/api/v1/watchlist") { request, _ in try await add(request) }
        routes.on(.delete, "/api/v1/watchlist/:domain") { _, context in try await remove(context) }
    }

    func list() async throws -> Response {
        let entries = try await repository.watchlist()
        return JSONResponse.build(capacity: 256 * (entries.count + 1)) { j in
            j.beginObject()
            j.key("total"); j.number(entries.count)
            j.key("items"); j.beginArray()
            for e in entries { WatchJSON.entry(e, to: &j) }
            j.endArray()
            j.endObject()
        }
    }

    func add(_ request: Request) async throws -> Response {
        let body: AddRequest = try await JSONBody.decode(request, maxBytes: maxBodyBytes)
        let domain = try QueryReader.domain(body.domain)
        if let note = body.note, note.utf8.count > 1000 { throw APIError.badRequest("note is longer than 1000 octets", code: "bad_note") }
        if let interval = body.interval, !(interval >= 1 && interval <= 30 * 86_400) {
            throw APIError.badRequest("interval is seconds between probes, from 1 to 2592000 (30 days)", code: "bad_interval")
        }
        let (entry, created) = try await repository.watch(domain, note: body.note, interval: body.interval)
        var response = JSONResponse.build(status: created ? .created : .ok) { j in WatchJSON.entry(entry, to: &j) }
        response.headers[.location] = "/api/v1/watchlist/\(entry.domain)"
        return response
    }

    func remove(_ context: Context) async throws -> Response {
        let domain = try QueryReader.domain(context.parameters.get("domain"))
        guard try await repository.unwatch(domain) else { throw APIError.notFound("\(domain) is not on the watchlist") }
        return Response(status: .noContent)
    }
}

/// Reading JSON request bodies: bounded in size, with a 4xx that says what was wrong.
enum JSONBody {
    static func decode<T: Decodable>(_ request: Request, maxBytes: Int) async throws -> T {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", "send the body as application/json")
        }
        var buffer = try await request.body.collect(upTo: maxBytes)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError.badRequest("the body lacks the field '\(key.stringValue)'", code: "bad_body")
        } catch DecodingError.typeMismatch(_, let context) {
            throw APIError.badRequest("the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type", code: "bad_body")
        } catch {
            throw APIError.badRequest("the body is not the JSON object expected", code: "bad_body")
        }
    }
}
