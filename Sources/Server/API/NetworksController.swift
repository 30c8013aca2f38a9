import DNSWire
import Detection
import Hummingbird
import Reports

/// `/api/v1/networks`: flux networks (domains clustered on shared agents).
struct NetworksController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/networks") { request, _ in try list(request) }
        routes.on(.get, "/api/v1/networks/:id") { _, context in try await detail(context) }
    }

    func list(_ request: Request) throws -> Response {
        let q = QueryReader(request: request)
        let limit = try q.int("limit", default: 50, in: 1...500)
        let offset = try q.int("offset", default: 0, in: 0...10_000_000)
        let snapshot = repository.snapshot()
        let networks = snapshot.result.networks
        return JSONResponse.build(capacity: 16_384) { j in
            j.beginObject()
            j.key("generated_at"); j.string(UTCTime.rfc3339(snapshot.generatedAt))
            j.key("total"); j.number(networks.count)
            j.key("offset"); j.number(offset)
            j.key("limit"); j.number(limit)
            j.key("items"); j.beginArray()
            for n in networks.dropFirst(offset).prefix(limit) {
                j.beginObject()
                j.key("id"); j.string(n.id)
                j.key("domains"); j.number(n.domains.count)
                j.key("agents"); j.number(n.agents.count)
                j.key("asns"); j.number(n.asns.count)
                j.key("countries"); j.number(n.countries.count)
                j.key("first_seen"); j.string(UTCTime.rfc3339(n.firstSeen))
                j.key("last_seen"); j.string(UTCTime.rfc3339(n.lastSeen))
                j.key("sample_domains"); j.beginArray(); for d in n.domains.prefix(5) { j.string(d.description) }; j.endArray()
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
    }

    func detail(_ context: Context) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest("a network id is short printable text such as fn-0123abcd", code: "bad_network_id")
        }
        guard let network = repository.snapshot().network(id) else {
            if let next = try await repository.networkSuccessor(of: id) {
                var moved = APIError(.found, code: "network_merged", "flux network \(id) was merged into \(next)")
                moved.headers[.location] = "/api/v1/networks/\(next)"
                throw moved
            }
            throw APIError.notFound("no flux network \(id)")
        }
        return JSONResponse.build(capacity: 16_384) { j in network.writeJSON(to: &j) }
    }
}
