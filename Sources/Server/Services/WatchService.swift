import DNSWire
import Enrichment
import FluxModel
import Logging
import Probe
import ServiceLifecycle
import Store

/// Probes the watchlist: every `tick`, the domains that are due are looked up once with the
/// prober, the answers written to the store, new addresses enriched, and each domain made due
/// again after its interval or, without one, its answers' TTL (bounded by the schedule).
///
/// On graceful shutdown the round in flight finishes, its write included, then the service
/// returns.
public struct WatchService: Service {
    let store: any ObservationStore
    let probe: ProbeConfig
    let clock: ProbeClock
    let tick: Double
    let enricher: Enricher?
    let metrics: ServerMetrics
    let logger: Logger
    /// Domains probed in one round, at most.
    var batchSize = 1000

    /// Creates the service; `probe.rounds` is set to one lookup per round.
    public init(store: any ObservationStore, probe: ProbeConfig, clock: ProbeClock, tick: Double, enricher: Enricher?,
                metrics: ServerMetrics, logger: Logger) {
        var probe = probe
        probe.rounds = 1
        probe.duration = nil
        self.store = store
        self.probe = probe
        self.clock = clock
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
    }

    /// One round: probe what is due, write, reschedule, enrich. Returns the domains probed.
    @discardableResult
    public func round() async throws -> Int {
        let due = try await store.dueWatches(at: clock.now(), limit: batchSize)
        guard !due.isEmpty else { return 0 }
        let sink = Probe.CollectingSink()
        let summary = try await Prober(config: probe).run(NameList(due.map(\.domain)), sink: sink, clock: clock)
        metrics.probed(summary.counters)
        let results = sink.results
        let written = try await BatchWriter(store: store).write(
            observations: results.flatMap(\.observations), outcomes: results.compactMap(\.outcome), sources: sink.sources)
        metrics.wroteSightings(written)
        var next: [DNSName: Timestamp] = [:]
        for s in sink.schedules { next[s.name] = s.nextDue }
        let done = clock.now()
        let policy = probe.schedule
        try await store.recordProbes(due.map { entry in
            let due = entry.interval.map { done + $0 } ?? next[entry.domain] ?? done + policy.maxInterval
            return (domain: entry.domain, probedAt: done, nextDue: max(due, done + policy.minInterval))
        })
        if let enricher { try await AddressEnrichment(store: store, enricher: enricher).run() }
        return due.count
    }
}
