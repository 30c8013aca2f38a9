import DNSWire
import FluxModel

/// The memory of FluxScope: sightings, outcomes, client queries, sources, ingest runs and
/// address enrichment, behind one protocol so that SQLite (embedded) and PostgreSQL
/// (shared) backends are interchangeable.
///
/// Writing goes through `write(_:checkpoint:)`: one transaction per batch, holding the
/// batch's rows, its counters and the run's progress position, so a crash leaves whole
/// batches only and the recorded progress matches what was committed.
public protocol ObservationStore: Sendable {
    /// Brings the schema up to date (named migrations, frozen once shipped).
    func migrate() async throws
    /// Releases the store's connections; the store is unusable afterwards.
    func close() async throws

    // MARK: Sources and runs

    /// Returns the id of `source`, registering it first if new. A non-nil `clientMode`
    /// replaces the mode recorded for the source.
    func registerSource(_ source: Source, clientMode: ClientMode?) async throws -> SourceID
    /// A registered source by id.
    func source(id: SourceID) async throws -> SourceRecord?
    /// All registered sources.
    func sources() async throws -> [SourceRecord]
    /// Starts an ingest of `file` (or of a live input when `nil`), or finds an earlier run
    /// of the same file: completed (nothing to do) or interrupted (resume after its
    /// committed position).
    ///
    /// With `again` (`fluxscope ingest --force`), completed runs of the file are passed
    /// over: an interrupted run of it is still resumed, else a new run starts, so the file's
    /// records are counted once more. (Added with `v2_answer_sets`; the four-argument form
    /// below calls this with `again: false`.)
    func beginRun(source: SourceID, file: FileIdentity?, clientMode: ClientMode?, at time: Timestamp,
                  again: Bool) async throws -> RunStart
    /// Marks a run complete.
    func finishRun(_ run: RunID, at time: Timestamp) async throws
    /// A run by id.
    func run(id: RunID) async throws -> IngestRun?

    // MARK: Writing

    /// Writes a batch in one transaction: sightings upserted (counts add, TTL min/max,
    /// first/last seen, sources union), outcomes and client tallies upserted, per-source
    /// counters added, and, with a checkpoint, the run's position set and its counters
    /// added. Throws (writing nothing) if the run is unknown or finished, or a source is
    /// not registered.
    /// Answer sets are upserted like sightings (count adds, first/last seen). Returns how many
    /// sightings and answer sets were new to the store and how many merged into stored rows.
    @discardableResult
    func write(_ batch: SightingBatch, checkpoint: RunCheckpoint?) async throws -> WriteReport
    /// Prepares for a bulk write of about `expectedSightings` sightings (`fluxscope probe
    /// --db`): a store may put off index work it can do cheaper in one pass at the end
    /// (SQLite drops `sightings_by_data` while the table holds fewer rows than that, and
    /// builds it again by sorting in `endBulkWrite`). Reads give the same results meanwhile.
    /// - Returns: True when index work was put off.
    func beginBulkWrite(expectedSightings: Int) async throws -> Bool
    /// Does the index work `beginBulkWrite` put off. A process that dies in between leaves it
    /// to the next `migrate()`.
    func endBulkWrite() async throws

    // MARK: Reading

    /// Up to `limit` sightings after `cursor` (from the start when `nil`).
    func sightingPage(after cursor: SightingCursor?, limit: Int) async throws -> SightingPage
    /// The sightings of one owner name (any case).
    func sightings(named name: DNSName) async throws -> [Sighting]
    /// The sightings of these owner names (any case; names the store does not know are left
    /// out), ordered as `sightingPage` orders them: by owner name in lower case, then type,
    /// then data. For reading the store a run of names at a time (`Analysis`).
    func sightings(named names: [DNSName]) async throws -> [Sighting]
    /// The sightings whose data is `data` for `type`: an address's domains for A/AAAA, a
    /// name server's domains for NS.
    func sightings(withData data: RData, type: RecordType) async throws -> [Sighting]
    /// Distinct owner names in lower case, ascending, after `name` (from the start when
    /// `nil`), at most `limit`.
    func distinctNames(after name: DNSName?, limit: Int) async throws -> [DNSName]
    /// The outcomes of one name, or all outcomes when `nil`.
    func outcomes(named name: DNSName?) async throws -> [OutcomeTally]
    /// The client tallies of one name, or all when `nil`.
    func clientQueries(named name: DNSName?) async throws -> [ClientQueryTally]
    /// Up to `limit` client tallies after `cursor` (from the start when `nil`), ordered by
    /// privacy mode, client and name; only those seen between `since` and `until` when given.
    func clientQueryPage(after cursor: ClientQueryCursor?, since: Timestamp?, until: Timestamp?,
                         limit: Int) async throws -> ClientQueryPage
    /// The answer sets of one owner name (any case), by type and address list.
    func answerSets(named name: DNSName) async throws -> [AnswerSetTally]
    /// The answer sets of these owner names (any case), ordered as `answerSetPage` orders
    /// them: by owner name in lower case, type and address list.
    func answerSets(named names: [DNSName]) async throws -> [AnswerSetTally]
    /// Up to `limit` answer sets after `cursor` (from the start when `nil`), ordered by
    /// owner name, type and address list.
    func answerSetPage(after cursor: AnswerSetCursor?, limit: Int) async throws -> AnswerSetPage
    /// Rows per table.
    func stats() async throws -> StoreStats

    // MARK: Probe schedules (migration `v5_probe_schedules`; written by `write`)

    /// Stored probe schedule states ordered by name (lower case), after `name` (from the
    /// start when `nil`), at most `limit`. `write` stores a batch's `schedules`, keeping for
    /// each name the later state (`NameSchedule.isLater(than:)`).
    func probeSchedules(after name: DNSName?, limit: Int) async throws -> [NameSchedule]
    /// The stored states of `names` (compared ignoring case) that the store has, in no
    /// particular order; names it does not know are left out. For reading a long list's
    /// states a chunk at a time.
    func probeSchedules(named names: [DNSName]) async throws -> [NameSchedule]
    /// The latest `last_lookup` of any stored state (`nil` when none was looked up): where a
    /// resumed probe's clock starts at the earliest.
    func latestProbeLookup() async throws -> Timestamp?

    // MARK: Retention

    /// Deletes what was last seen before `cutoff`: sightings, outcome and client tallies, and
    /// answer sets whose `last_seen` is older. SQLite deletes rows; PostgreSQL drops whole
    /// weekly sighting partitions and deletes in the one that straddles the cutoff, so there a
    /// sighting seen both before and after the cutoff keeps only its later weeks
    /// (docs/store.md, "Partitions and retention"). Sources, runs, enrichment, the watchlist
    /// and network ids are kept.
    @discardableResult
    func prune(before cutoff: Timestamp) async throws -> PruneReport

    // MARK: Enrichment

    /// Addresses seen in A/AAAA sightings that have no enrichment yet, or (when `database`
    /// is given) whose enrichment came from another database; at most `limit`. Upsert a
    /// record for each (even an empty one) so it is not returned again.
    func addressesNeedingEnrichment(database: String?, limit: Int) async throws -> [IPAddress]
    /// Inserts or replaces enrichment records, keeping each address's first enrichment time.
    func upsertAddressInfo(_ records: [AddressInfoRecord]) async throws
    /// Stores the records of addresses that have none yet and keeps the stored ones (an
    /// address's enrichment is recorded when it is first seen; replacing it is
    /// `upsertAddressInfo`'s job). Returns how many were stored.
    func insertAddressInfo(_ records: [AddressInfoRecord]) async throws -> Int
    /// The enrichment of one address.
    func addressInfo(_ address: IPAddress) async throws -> AddressInfoRecord?
    /// Enrichment records ordered by the address's text, after `address` (from the start when
    /// `nil`), at most `limit`: for reading them all page by page.
    func addressInfoPage(after address: String?, limit: Int) async throws -> [AddressInfoRecord]
    /// The enrichment records of these addresses that the store has (addresses without one
    /// are left out), in no particular order: for reading the enrichment of a run of domains
    /// (`Analysis`) instead of every address of the store.
    func addressInfos(_ addresses: [IPAddress]) async throws -> [AddressInfoRecord]

    // MARK: Server (migration `v3_server`; see docs/store.md, "Server tables")

    /// The watchlist, ordered by domain (lower case).
    func watchlist() async throws -> [WatchEntry]
    /// One watched domain (any case), or `nil`.
    func watchEntry(_ domain: DNSName) async throws -> WatchEntry?
    /// Adds `entry`, or, when its domain is already watched, replaces its note and interval
    /// and makes it due at `entry.nextDue`, keeping `addedAt` and `lastProbed`. Returns the
    /// stored entry and whether it was new.
    func upsertWatch(_ entry: WatchEntry) async throws -> (entry: WatchEntry, created: Bool)
    /// Removes a watched domain; false when it was not watched.
    func removeWatch(_ domain: DNSName) async throws -> Bool
    /// Up to `limit` watched domains with `nextDue <= time`, the most overdue first, leased or
    /// not (a read for display; probing takes them with `leaseDueWatches`).
    func dueWatches(at time: Timestamp, limit: Int) async throws -> [WatchEntry]

    // MARK: Probe workers (migration `v6_probe_leases`; see docs/store.md, "Probe workers")
    //
    // Any number of processes (`fluxscope probe --worker`, the server's watcher) share the
    // watchlist. Each takes due domains with a lease, probes them, and hands them back with
    // `completeLeases`. Times are on the watchlist's clock (probe-clock seconds; the wall clock
    // unless a time scale is set: processes that share a watchlist must share its clock).
    // A domain is *free* at time t when it has no lease owner or its `lease_until <= t`.

    /// Leases to `worker`, until `until`, up to `limit` domains that are due and free at
    /// `time` (`nextDue <= time`), the most overdue first (ties by domain), and returns them.
    /// Atomic: two concurrent calls never return the same domain; a domain stays leased (is
    /// not returned to any worker, this one included) until its lease ends or is completed.
    /// A lease that ended passes to the next caller even if its old owner is still probing.
    /// PostgreSQL: `UPDATE ... WHERE domain_lc IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING`.
    func leaseDueWatches(worker: String, at time: Timestamp, until: Timestamp, limit: Int) async throws -> [WatchLease]
    /// Completes probes of leased domains and writes `batch` (their observations), in one
    /// transaction. For each probe whose domain is still watched and still leased to `worker`
    /// (the owner column, whether or not `until` has passed, since nobody else took it), the
    /// entry's `lastProbed` and `nextDue` are set and the lease cleared; the others (the lease
    /// passed to another worker, or the domain was removed) are left alone. `batch` is written
    /// either way: its answers were really seen. Returns the domains completed. Throws, writing
    /// nothing, under the same conditions as `write` (a source not registered).
    @discardableResult
    func completeLeases(_ probes: [WatchProbe], worker: String, batch: SightingBatch) async throws -> Set<DNSName>
    /// Registers `worker` as alive until `until`, or refreshes it, and extends to `until`
    /// the leases it still holds (owner `worker` and `lease_until > time`; an ended lease is
    /// not revived). Returns the number of workers alive at `time` (registered with
    /// `until > time`), for dividing a shared rate limit among them. One transaction.
    func heartbeat(worker: String, at time: Timestamp, until: Timestamp) async throws -> WorkerHeartbeat
    /// Unregisters `worker` (a clean stop) and frees every lease it holds, so other workers
    /// take its domains at once instead of after the lease. One transaction.
    func retireWorker(_ worker: String) async throws

    /// Stores a new API token; throws if its id or hash is already stored.
    func addToken(_ token: APIToken) async throws
    /// The token whose SHA-256 is `sha256` (lower-case hex), or `nil`.
    func token(sha256: String) async throws -> APIToken?
    /// Every token, oldest first.
    func tokens() async throws -> [APIToken]

    /// The flux network ids remembered from earlier analysis runs, with their member domains
    /// and when each id was first given out, ordered by id. Kept so that ids stay the same
    /// from one run (of the CLI or the server) to the next.
    func networkMemberships() async throws -> [NetworkMembership]
    /// Records the networks of one analysis run, in one transaction: each network's
    /// membership is replaced, and its domains leave any other network they were in (a
    /// network left without domains, e.g. the younger side of a merge, is forgotten).
    /// Networks the run did not see keep their rows, so a narrower `--since` window does
    /// not lose ids. In the same transaction, `successors` (an id the run retired -> the id
    /// that took most of its domains) are remembered, and a recorded id stops having one.
    func recordNetworkMemberships(_ networks: [NetworkMembership], successors: [String: String], at time: Timestamp) async throws
    /// Every retired network id with its successor as recorded.
    func networkSuccessors() async throws -> [String: String]
}

extension ObservationStore {
    /// Where a retired network id went: its successor's successor and so on, to an id that
    /// was not retired (at most 64 steps; a cycle ends at the last id before it repeats), or
    /// `nil` when `id` was never retired.
    public func networkSuccessor(of id: String) async throws -> String? {
        let successors = try await networkSuccessors()
        var seen: Set<String> = [id], current = id
        for _ in 0..<64 {
            guard let next = successors[current], !seen.contains(next) else { break }
            seen.insert(next)
            current = next
        }
        return current == id ? nil : current
    }
}

extension ObservationStore {
    /// Nothing is put off (PostgreSQL).
    public func beginBulkWrite(expectedSightings: Int) async throws -> Bool { false }
    public func endBulkWrite() async throws {}

    /// Starts or finds a run, passing over nothing (see the five-argument form).
    public func beginRun(source: SourceID, file: FileIdentity?, clientMode: ClientMode?, at time: Timestamp) async throws -> RunStart {
        try await beginRun(source: source, file: file, clientMode: clientMode, at: time, again: false)
    }

    /// Every stored probe schedule state, read page by page.
    public func allProbeSchedules(pageSize: Int = 50_000) async throws -> [NameSchedule] {
        var all: [NameSchedule] = []
        var after: DNSName?
        while true {
            let page = try await probeSchedules(after: after, limit: pageSize)
            all += page
            guard page.count == pageSize, let last = page.last else { return all }
            after = last.name
        }
    }

    /// Every sighting, page by page (bounded memory), ordered by owner name.
    public func allSightings(pageSize: Int = 10_000) -> SightingSequence {
        SightingSequence(store: self, pageSize: pageSize)
    }

    /// An address's domains: the A or AAAA sightings whose data is `address`.
    public func sightings(withAddress address: IPAddress) async throws -> [Sighting] {
        switch address {
        case .v4(let a): return try await sightings(withData: .a(a), type: .a)
        case .v6(let a): return try await sightings(withData: .aaaa(a), type: .aaaa)
        }
    }

    /// The PTR sightings of these addresses' reverse names (`in-addr.arpa.`, `ip6.arpa.`;
    /// repeats asked once), read as `sightings(named:)` reads a run's names: in one read on
    /// SQLite, by `ANY()` on PostgreSQL. For reading the PTR targets of a run of domains'
    /// addresses (`Analysis`) instead of every reverse name of the store.
    public func ptrSightings(of addresses: [IPAddress]) async throws -> [Sighting] {
        try await sightings(named: Set(addresses).map(\.reverseName)).filter { $0.key.type == .ptr }
    }
}
