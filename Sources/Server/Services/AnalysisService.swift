import Analysis
import DNSWire
import Detection
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Runs the analysis over the whole store every `interval` seconds and publishes the result
/// to the cache the HTTP handlers read; keeps flux network ids in the store so that they stay
/// the same from run to run and across restarts.
public struct AnalysisService: Service {
    let store: any ObservationStore
    let analysis: Analysis
    let model: any DetectionModel
    let cache: AnalysisCache
    let metrics: ServerMetrics
    let interval: Double
    let logger: Logger

    /// Creates the service.
    public init(store: any ObservationStore, analysis: Analysis, model: any DetectionModel, cache: AnalysisCache,
                metrics: ServerMetrics, interval: Double, logger: Logger) {
        self.store = store
        self.analysis = analysis
        self.model = model
        self.cache = cache
        self.metrics = metrics
        self.interval = interval
        self.logger = logger
    }

    /// Analyses until graceful shutdown; a failed run is logged and the next one tried.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let s = try await refresh()
                logger.info("analysis done", metadata: ["domains": "\(s.rows.count)", "networks": "\(s.result.networks.count)",
                                                        "seconds": "\(s.duration)"])
            } catch {
                logger.error("analysis failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) }
        }
    }

    /// One analysis run: evidence, verdicts, networks (ids carried over), published.
    @discardableResult
    public func refresh() async throws -> AnalysisSnapshot {
        let started = ContinuousClock.now
        let now = Date().timeIntervalSince1970
        // Every domain is kept: the dashboard and the API show any domain's evidence.
        let result = try await AnalysisResult.judging(analysis, store: store, model: model, retention: .everyDomain,
                                                      parallel: ProcessInfo.processInfo.activeProcessorCount, at: now)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let snapshot = AnalysisSnapshot(result: result, generatedAt: now, duration: seconds)
        cache.publish(snapshot)
        let stats = try await store.stats()
        metrics.analysed(seconds: seconds, counts: snapshot.countsByClass, storedSightings: stats.sightings)
        return snapshot
    }
}
