import FluxModel
import Foundation
import Ingest
import Store

/// `fluxscope ingest` as a library call: files -> format reader -> observations ->
/// deduplicated batches -> store, each batch's new addresses enriched beside its write.
///
/// Each file is read on a thread of its own into a `BatchingSink`; full batches go through a
/// one-slot channel to a `StoreBatchWriter`, each written in one transaction with the run's
/// position (records read), so a killed ingest leaves whole batches and the next run resumes
/// after them. A file ingested completely before is skipped unless `force` is set.
public struct IngestPipeline: Sendable {
    /// The store written to.
    public let store: any ObservationStore
    /// How to read and write.
    public var configuration: IngestConfiguration
    /// Told about progress and problems.
    public let reporter: any IngestReporter

    /// Creates a pipeline.
    public init(store: any ObservationStore, configuration: IngestConfiguration, reporter: any IngestReporter = SilentReporter()) {
        self.store = store
        self.configuration = configuration
        self.reporter = reporter
    }

    /// Ingests `files` in order after enriching the addresses the store holds without
    /// enrichment (from earlier runs), enriching each batch's addresses as it is written.
    /// - Throws: `IngestProblem` for a file that cannot be opened or recognised (files
    ///   before it are written), store errors, and the first problem in strict mode.
    public func run(files: [String]) async throws -> IngestSummary {
        let started = ContinuousClock.now
        var summary = IngestSummary()
        let enrichment = configuration.enricher.flatMap { $0.sources.isEmpty ? nil : AddressEnrichment(enricher: $0) }
        if let enrichment {
            // Addresses stored before without enrichment (by runs without a database, or
            // killed between a batch and its addresses). Before the files, not after: the
            // files' own addresses are enriched as their batches are written, so the pass
            // after them found the same addresses, having scanned the new sightings too.
            summary.enriched += try await enrichment.run(store: store)
            summary.enrichmentDatabase = enrichment.database
        }
        for path in files {
            let file = try await ingest(path, enrichment: enrichment)
            summary.enriched += file.enriched
            summary.files.append(file)
        }
        summary.elapsed = Self.seconds(since: started)
        return summary
    }

    /// The format of `path`: the configured one, or detected from the content.
    func format(of path: String) throws -> any InputFormat {
        guard let name = configuration.format else { return try configuration.registry.detect(path: path) }
        guard let format = configuration.registry.format(named: name) else {
            throw IngestProblem(file: path, kind: "unknown_format",
                                reason: "--format \(name) is not one of \(configuration.registry.names.joined(separator: ", "))")
        }
        return format
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = start.duration(to: .now)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static var now: Timestamp { Date().timeIntervalSince1970 }
}
