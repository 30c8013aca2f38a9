import DNSWire
import Detection
import FluxModel
import Reports
import Store

/// What the HTTP controllers read and change: the latest analysis, the store's sightings and
/// enrichment, the watchlist, tokens and uploads. Controllers hold one and nothing else, so
/// tests can drive them over any store.
public protocol FluxRepository: Sendable {
    /// The latest analysis (an empty one before the first run finished).
    func snapshot() -> AnalysisSnapshot
    /// Where a flux network id that the analysis retired went (merged into another network,
    /// or its domains moved on), following successors: an id the latest analysis shows, or
    /// `nil` (never retired, or its successor is not shown).
    func networkSuccessor(of id: String) async throws -> String?
    /// The sightings of one owner name.
    func sightings(of domain: DNSName) async throws -> [Sighting]
    /// The A/AAAA sightings whose data is `address`.
    func sightings(withAddress address: IPAddress) async throws -> [Sighting]
    /// The stored enrichment of an address.
    func addressInfo(_ address: IPAddress) async throws -> AddressInfoRecord?
    /// The watchlist.
    func watchlist() async throws -> [WatchEntry]
    /// One watched domain.
    func watchEntry(_ domain: DNSName) async throws -> WatchEntry?
    /// Adds (or updates) a watched domain, due at once.
    func watch(_ domain: DNSName, note: String?, interval: Double?) async throws -> (entry: WatchEntry, created: Bool)
    /// Stops watching a domain; false when it was not watched.
    func unwatch(_ domain: DNSName) async throws -> Bool
    /// The token record for a presented bearer token, or `nil`.
    func authenticate(bearer token: String) async throws -> APIToken?
    /// Reads an uploaded file (a format name of `fluxscope ingest`) into the store; records of
    /// files that carry no time (zone files) are dated `snapshotTime`, else the upload time.
    func ingest(upload: [UInt8], format: String, name: String, snapshotTime: Timestamp?) async throws -> UploadReport
    /// The Public Suffix List the analysis uses (registered domains), if any.
    var publicSuffixes: PublicSuffixList? { get }
    /// The exposure report over the latest analysis: the stored clients that resolved flux
    /// domains (seen between `since` and `until` when given), handed to `emit` piece by piece
    /// as the store's client tallies are read page by page (never whole).
    func exposureReport(format: ReportFormat, since: Timestamp?, until: Timestamp?, context: ExportContext,
                        emit: (String) async throws -> Void) async throws
    /// Rows per table.
    func stats() async throws -> StoreStats
}
