import DNSWire
import Enrichment
import FluxModel
import Logging
import Pipeline
import Probe
import ServiceLifecycle
import Store

/// Probes the watchlist: every `tick`, the domains that are due are leased, looked up once
/// with the prober, the answers written to the store, new addresses enriched, and each domain
/// made due again after its interval or, without one, its answers' TTL (bounded by the
/// schedule). It is a `ProbeWorker` (Pipeline) like `fluxscope probe --worker`, so a server and
/// any number of workers share one watchlist without probing a domain twice, and its `qps`
/// is shared with them.
///
/// On graceful shutdown the round in flight finishes, its write included, then the service
/// retires its worker (frees any leases left) and returns.
public struct WatchService: Service {
    let worker: ProbeWorker
    let store: any ObservationStore
    let tick: Double
    let enricher: Enricher?
    let metrics: ServerMetrics
    let logger: Logger

    /// Creates the service; each round leases at most `batchSize` domains, for `lease` real
    /// seconds (renewed while probing).
    public init(store: any ObservationStore, probe: ProbeConfig, clock: ProbeClock, tick: Double, enricher: Enricher?,
                metrics: ServerMetrics, logger: Logger, batchSize: Int = 1000, lease: Double = 60) {
        var options = ProbeWorker.Options(id: "server@" + ProbeWorker.Options.defaultID())
        options.batchSize = batchSize
        options.lease = lease
        self.worker = ProbeWorker(store: store, probe: probe, clock: clock, options: options)
        self.store = store
        self.tick = tick
        self.enricher = enricher
        self.metrics = metrics
        self.logger = logger
    }

    /// Probes until graceful shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await round()
            } catch {
                logger.error("watch round failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(tick * 1000))) }
        }
        do { try await worker.retire() } catch { logger.error("retiring the watch worker failed", metadata: ["error": "\(error)"]) }
    }

    /// One round: lease what is due, probe, write and complete, enrich. Returns the domains
    /// completed.
    @discardableResult
    public func round() async throws -> Int {
        let r = try await worker.round()
        guard r.leased > 0 else { return 0 }
        metrics.probed(r.counters)
        metrics.wroteSightings(r.sightings)
        if r.rejected > 0 {
            logger.info("probed domains whose lease had passed to another worker", metadata: ["domains": "\(r.rejected)"])
        }
        if let enricher { _ = try await AddressEnrichment(enricher: enricher).run(store: store) }
        return r.completed
    }
}
