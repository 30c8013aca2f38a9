import DNSWire
import Detection
import FluxModel
import HTTPTypes
import Hummingbird

/// The dashboard's HTML pages.
struct DashboardController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/") { _, _ in
            let watched = try await repository.watchlist().count
            return JSONResponse.html(OverviewPage(snapshot: repository.snapshot(), watched: watched).render())
        }
        routes.on(.get, "/watchlist") { _, _ in
            JSONResponse.html(WatchlistPage(entries: try await repository.watchlist(), snapshot: repository.snapshot()).render())
        }
        routes.on(.get, "/domains/:domain") { request, context in try await domain(request, context) }
        routes.on(.get, "/networks/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            let snapshot = repository.snapshot()
            guard let network = snapshot.network(id) else {
                // A retired id (the younger side of a merge) leads to the network that took
                // its domains, so links and bookmarks to it keep working.
                if let next = try await repository.networkSuccessor(of: id) {
                    return Response(status: .found, headers: [.location: "/networks/\(next)"])
                }
                return notFound("No flux network \(id).")
            }
            return JSONResponse.html(NetworkPage(network: network, snapshot: snapshot).render())
        }
    }

    func domain(_ request: Request, _ context: Context) async throws -> Response {
        let name: DNSName
        do { name = try QueryReader.domain(context.parameters.get("domain")) } catch { return notFound("That is not a domain name.", status: .badRequest) }
        let level = try QueryReader(request: request).choice("level", ["fqdn", "registered"]).flatMap(DomainEvidence.Level.init(rawValue:))
        guard let row = repository.snapshot().row(name, level: level) else { return notFound("\(name) has not been judged yet.") }
        var infos: [IPAddress: AddressInfo] = [:]
        for a in row.evidence.addresses { if let i = a.info { infos[a.address] = i } }
        let sightings = row.evidence.level == .fqdn ? try await repository.sightings(of: name) : []
        var timeline = DomainTimeline(domain: name, sightings: sightings, info: infos)
        if row.evidence.level == .registered {
            // A registered domain's addresses come from all names under it: use the evidence.
            timeline = DomainTimeline(domain: name, evidence: row.evidence)
        }
        return JSONResponse.html(DomainPage(row: row, timeline: timeline).render())
    }

    func notFound(_ message: String, status: HTTPResponse.Status = .notFound) -> Response {
        JSONResponse.html(HTML.page(title: "Not found", current: "", body: "<p>\(HTML.escape(message))</p><p><a href=\"/\">Overview</a></p>"), status: status)
    }
}

