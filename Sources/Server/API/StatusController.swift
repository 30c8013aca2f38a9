import Detection
import Hummingbird
import Reports

/// `/api/v1/status` (what the server holds and when it last analysed), `/api/v1/openapi.json`
/// and `/metrics`.
struct StatusController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository
    let metrics: ServerMetrics
    let cache: AnalysisCache
    let document: @Sendable () -> [UInt8]

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/status") { _, _ in try await status() }
        routes.on(.get, "/api/v1/openapi.json") { _, _ in
            JSONResponse.bytes(document(), contentType: "application/json; charset=utf-8")
        }
        routes.on(.get, "/metrics") { _, _ in
            JSONResponse.bytes(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    func status() async throws -> Response {
        let stats = try await repository.stats()
        let snapshot = cache.snapshot
        let watched = try await repository.watchlist().count
        return JSONResponse.build { j in
            j.beginObject()
            j.key("sightings"); j.number(stats.sightings)
            j.key("addresses"); j.number(stats.addresses)
            j.key("observations"); j.number(stats.observations)
            j.key("watched"); j.number(watched)
            j.key("analysis_runs"); j.number(cache.publishedRuns)
            j.key("analysed_at"); if let s = snapshot { j.string(UTCTime.rfc3339(s.generatedAt)) } else { j.null() }
            j.key("analysis_seconds"); if let s = snapshot { j.number(s.duration) } else { j.null() }
            j.key("domains"); j.number(snapshot?.rows.count ?? 0)
            j.key("networks"); j.number(snapshot?.result.networks.count ?? 0)
            j.key("verdicts"); j.beginObject()
            let counts = snapshot?.countsByClass ?? [:]
            for c in Verdict.Class.allCases { j.key(c.rawValue); j.number(counts[c] ?? 0) }
            j.endObject()
            j.endObject()
        }
    }
}
