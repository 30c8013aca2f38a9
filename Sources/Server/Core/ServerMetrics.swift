import CoreMetrics
import Detection
import Prometheus
import Probe

/// The server's Prometheus metrics, through swift-metrics with a factory of our own registry
/// (so that several servers in one test process never share counters), served at `/metrics`.
///
/// | name | type | labels |
/// |---|---|---|
/// | `fluxscope_probe_queries_sent_total` | counter | |
/// | `fluxscope_probe_queries_answered_total` | counter | |
/// | `fluxscope_probe_queries_timed_out_total` | counter | |
/// | `fluxscope_ingest_messages_total` | counter | |
/// | `fluxscope_sightings_written_total` | counter | |
/// | `fluxscope_sightings` | gauge | |
/// | `fluxscope_verdicts` | gauge | `class` |
/// | `fluxscope_analysis_duration_seconds` | histogram | |
/// | `fluxscope_http_requests_total` | counter | `method`, `status` |
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let sent, answered, timedOut, messages, sightingsWritten: CoreMetrics.Counter
    private let sightings: CoreMetrics.Gauge
    private let verdicts: [Verdict.Class: CoreMetrics.Gauge]
    private let analysisDuration: CoreMetrics.Timer

    /// Metrics in a fresh registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["fluxscope_analysis_duration_seconds"] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.factory = factory
        sent = CoreMetrics.Counter(label: "fluxscope_probe_queries_sent_total", factory: factory)
        answered = CoreMetrics.Counter(label: "fluxscope_probe_queries_answered_total", factory: factory)
        timedOut = CoreMetrics.Counter(label: "fluxscope_probe_queries_timed_out_total", factory: factory)
        messages = CoreMetrics.Counter(label: "fluxscope_ingest_messages_total", factory: factory)
        sightingsWritten = CoreMetrics.Counter(label: "fluxscope_sightings_written_total", factory: factory)
        sightings = CoreMetrics.Gauge(label: "fluxscope_sightings", factory: factory)
        verdicts = Dictionary(uniqueKeysWithValues: Verdict.Class.allCases.map {
            ($0, CoreMetrics.Gauge(label: "fluxscope_verdicts", dimensions: [("class", $0.rawValue)], factory: factory))
        })
        analysisDuration = CoreMetrics.Timer(label: "fluxscope_analysis_duration_seconds", factory: factory)
    }

    /// Adds a probe round's counters.
    public func probed(_ c: ProbeCounters) {
        sent.increment(by: c.sent)
        answered.increment(by: c.answered)
        timedOut.increment(by: c.gaveUp)
    }

    /// Adds what an ingest (upload or dnstap) wrote.
    public func ingested(messages n: Int, sightings written: Int) {
        messages.increment(by: n)
        sightingsWritten.increment(by: written)
    }

    /// Adds sightings written by the watcher.
    public func wroteSightings(_ n: Int) { sightingsWritten.increment(by: n) }

    /// Records an analysis run: its duration, the verdicts by class, the store's sightings.
    public func analysed(seconds: Double, counts: [Verdict.Class: Int], storedSightings: Int) {
        analysisDuration.recordSeconds(seconds)
        for (c, gauge) in verdicts { gauge.record(counts[c] ?? 0) }
        sightings.record(storedSightings)
    }

    /// Counts one HTTP response.
    public func request(method: String, status: Int) {
        CoreMetrics.Counter(label: "fluxscope_http_requests_total", dimensions: [("method", method), ("status", String(status))], factory: factory)
            .increment()
    }

    /// The Prometheus text exposition format.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
