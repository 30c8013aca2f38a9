import DNSWire
import Detection
import FluxModel
import Foundation
import Reports
import Store

/// The repository of a running server: an `ObservationStore` and the analysis cache.
public struct StoreRepository: FluxRepository {
    /// The store.
    public let store: any ObservationStore
    /// The latest analysis.
    public let cache: AnalysisCache
    /// Counts what uploads ingest.
    public let metrics: ServerMetrics
    /// The probe clock's now, for watchlist due times.
    public let now: @Sendable () -> Timestamp
    /// The Public Suffix List of the analysis, if any.
    public let publicSuffixes: PublicSuffixList?

    /// Creates a repository.
    public init(store: any ObservationStore, cache: AnalysisCache, metrics: ServerMetrics, publicSuffixes: PublicSuffixList? = nil,
                now: @escaping @Sendable () -> Timestamp = { Date().timeIntervalSince1970 }) {
        self.store = store
        self.cache = cache
        self.metrics = metrics
        self.publicSuffixes = publicSuffixes
        self.now = now
    }

    public func snapshot() -> AnalysisSnapshot { cache.snapshot ?? .empty(at: 0) }

    public func networkSuccessor(of id: String) async throws -> String? {
        guard let next = try await store.networkSuccessor(of: id), snapshot().network(next) != nil else { return nil }
        return next
    }

    public func sightings(of domain: DNSName) async throws -> [Sighting] { try await store.sightings(named: domain) }

    public func sightings(withAddress address: IPAddress) async throws -> [Sighting] {
        try await store.sightings(withAddress: address)
    }

    public func addressInfo(_ address: IPAddress) async throws -> AddressInfoRecord? { try await store.addressInfo(address) }

    public func watchlist() async throws -> [WatchEntry] { try await store.watchlist() }

    public func watchEntry(_ domain: DNSName) async throws -> WatchEntry? { try await store.watchEntry(domain) }

    public func watch(_ domain: DNSName, note: String?, interval: Double?) async throws -> (entry: WatchEntry, created: Bool) {
        let t = now()
        return try await store.upsertWatch(WatchEntry(domain: domain, note: note, interval: interval, addedAt: Date().timeIntervalSince1970, nextDue: t))
    }

    public func unwatch(_ domain: DNSName) async throws -> Bool { try await store.removeWatch(domain) }

    public func authenticate(bearer token: String) async throws -> APIToken? {
        try await store.token(sha256: APITokens.digest(token))
    }

    public func ingest(upload: [UInt8], format: String, name: String, snapshotTime: Timestamp?) async throws -> UploadReport {
        let report = try await UploadIngest(store: store).ingest(upload, format: format, name: name,
                                                                 snapshotTime: snapshotTime ?? Date().timeIntervalSince1970)
        metrics.ingested(messages: report.messages, sightings: report.sightings)
        return report
    }

    public func exposureReport(format: ReportFormat, since: Timestamp?, until: Timestamp?, context: ExportContext,
                               emit: (String) async throws -> Void) async throws {
        let result = snapshot().result
        let rest = try await ExposureReport.write(store: store, judged: result.judged, networkOf: result.networkOf,
                                                  publicSuffixes: publicSuffixes, since: since, until: until, format: format,
                                                  context: context, to: "") { text in
            if !text.isEmpty { try await emit(text) }
            text = ""
        }
        if !rest.isEmpty { try await emit(rest) }
    }

    public func stats() async throws -> StoreStats { try await store.stats() }
}
