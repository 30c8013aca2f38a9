import DNSWire
import Detection
import FluxModel
import Hummingbird
import Reports

/// `/api/v1/domains`: judged domains (filter, sort, paginate), one domain's verdicts, and its
/// timeline.
struct DomainsController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    /// Sort keys accepted by `?sort=` (a leading `-` sorts descending).
    static var sortKeys: [String] { ["score", "domain", "n_a", "n_asn", "holz", "last_seen"].flatMap { [$0, "-" + $0] } }
    /// Values of `?verdict=`: the classes, and `flux` for both flux classes.
    static var verdictFilters: [String] { Verdict.Class.allCases.map(\.rawValue) + ["flux"] }

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/domains") { request, _ in try list(request) }
        routes.on(.get, "/api/v1/domains/:domain") { request, context in try await detail(request, context) }
        routes.on(.get, "/api/v1/domains/:domain/timeline") { request, context in try await timeline(request, context) }
    }

    func list(_ request: Request) throws -> Response {
        let q = QueryReader(request: request)
        let verdict = try q.choice("verdict", Self.verdictFilters)
        let level = try q.choice("level", ["fqdn", "registered"])
        let sort = try q.choice("sort", Self.sortKeys) ?? "-score"
        let limit = try q.int("limit", default: 50, in: 1...500)
        let offset = try q.int("offset", default: 0, in: 0...10_000_000)
        let minScore = try q.double("min_score")
        if let minScore, !(0...1).contains(minScore) { throw APIError.badRequest("min_score must be from 0 to 1", code: "bad_parameter") }
        let search = q.raw("q")?.lowercased()
        if let search, search.utf8.count > 253 { throw APIError.badRequest("q is longer than a domain name can be", code: "bad_parameter") }

        let snapshot = repository.snapshot()
        var rows = snapshot.rows.filter { r in
            if let verdict, verdict == "flux" ? !r.verdict.verdict.isFlux : r.verdict.verdict.rawValue != verdict { return false }
            if let level, r.evidence.level.rawValue != level { return false }
            if let minScore, r.verdict.score < minScore { return false }
            if let search, !r.evidence.domain.description.lowercased().contains(search) { return false }
            return true
        }
        rows.sort(by: Self.order(sort))
        let page = rows.dropFirst(offset).prefix(limit)
        return JSONResponse.build(capacity: 1024 * (page.count + 1)) { j in
            j.beginObject()
            j.key("generated_at"); j.string(UTCTime.rfc3339(snapshot.generatedAt))
            j.key("total"); j.number(rows.count)
            j.key("offset"); j.number(offset)
            j.key("limit"); j.number(limit)
            j.key("items"); j.beginArray()
            for r in page { DomainJSON.summary(r, to: &j) }
            j.endArray()
            j.endObject()
        }
    }

    func detail(_ request: Request, _ context: Context) async throws -> Response {
        let domain = try QueryReader.domain(context.parameters.get("domain"))
        let level = try QueryReader(request: request).choice("level", ["fqdn", "registered"]).flatMap(DomainEvidence.Level.init(rawValue:))
        guard let row = repository.snapshot().row(domain, level: level) else {
            throw APIError.notFound("\(domain) has not been judged (yet): add it to the watchlist, or wait for the next analysis")
        }
        let watch = try await repository.watchEntry(domain)
        return JSONResponse.build { j in DomainJSON.detail(row, watch: watch, to: &j) }
    }

    func timeline(_ request: Request, _ context: Context) async throws -> Response {
        let domain = try QueryReader.domain(context.parameters.get("domain"))
        let sightings = try await repository.sightings(of: domain)
        guard !sightings.isEmpty else { throw APIError.notFound("nothing has been seen for \(domain)") }
        var infos: [IPAddress: AddressInfo] = [:]
        if let row = repository.snapshot().row(domain, level: .fqdn) {
            for a in row.evidence.addresses { if let info = a.info { infos[a.address] = info } }
        }
        let timeline = DomainTimeline(domain: domain, sightings: sightings, info: infos)
        return JSONResponse.build(capacity: 16_384) { j in timeline.writeJSON(to: &j) }
    }

    /// The comparison for a sort key.
    static func order(_ key: String) -> (AnalysisSnapshot.Row, AnalysisSnapshot.Row) -> Bool {
        let descending = key.hasPrefix("-")
        let name = descending ? String(key.dropFirst()) : key
        func value(_ r: AnalysisSnapshot.Row) -> Double {
            switch name {
            case "score": return r.verdict.score
            case "n_a": return r.verdict.features[.distinctAddresses] ?? -1
            case "n_asn": return r.verdict.features[.distinctASNs] ?? -1
            case "holz": return r.holz.score
            case "last_seen": return r.evidence.addresses.map(\.lastSeen).max() ?? 0
            default: return 0
            }
        }
        if name == "domain" {
            return { a, b in descending ? a.evidence.domain > b.evidence.domain : a.evidence.domain < b.evidence.domain }
        }
        return { a, b in
            let va = value(a), vb = value(b)
            if va != vb { return descending ? va > vb : va < vb }
            return (a.evidence.domain, a.evidence.level.rawValue) < (b.evidence.domain, b.evidence.level.rawValue)
        }
    }
}
