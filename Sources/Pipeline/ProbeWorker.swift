import DNSWire
import FluxModel
import Foundation
import Ingest
import Probe
import Store
import Synchronization

/// A probe worker over the shared watchlist: takes due domains with leases
/// (`ObservationStore.leaseDueWatches`), looks each up once with the prober, and hands them
/// back with their observations in one transaction (`completeLeases`), so a domain is probed
/// once per due period however many workers (`fluxscope probe --worker`, the server's watcher)
/// share the store, and a dead worker's domains pass to the others when its leases end.
///
/// Rate limits are shared through heartbeats: each worker registers itself
/// (`ObservationStore.heartbeat`) at the start of every round (a round lasts about
/// `roundTime` under a limit; nothing due, every `idle` seconds) and runs each round at
/// `qps / live workers` and `perServerQPS / live workers`, so the sum over the workers stays
/// within the configured limits (docs/probe.md, "Worker mode", says why this and not a shared
/// token bucket). While a round probes, its leases are renewed at the same pace, so a live
/// worker keeps its domains however long a round takes.
public final class ProbeWorker: Sendable {
    /// How a worker leases.
    public struct Options: Hashable, Sendable {
        /// The worker's id in the store (unique among the workers sharing it).
        public var id: String
        /// Lease length in real seconds (times the clock's scale on the watchlist's clock): how
        /// long a dead worker's domains wait for another worker.
        public var lease = 60.0
        /// Domains leased (and probed) per round, at most.
        public var batchSize = 100
        /// Real seconds to wait before asking again when nothing is due.
        public var idle = 1.0
        /// Under a rate limit, rounds are sized to last about this many real seconds at this
        /// worker's share (from the queries per domain of the rounds before), so the share
        /// follows workers joining and leaving within about a round.
        public var roundTime = 1.0
        /// Watchlist-clock seconds after which `run` takes no new leases; `nil` for no limit.
        public var duration: Double?

        /// Options with defaults for everything but the id.
        public init(id: String) { self.id = id }

        /// `HOST:PID`, unique among the processes of a machine.
        public static func defaultID() -> String {
            "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        }
    }

    /// What one round did.
    public struct Round: Hashable, Sendable {
        /// Domains leased.
        public var leased = 0
        /// Domains completed (their lease was still this worker's).
        public var completed = 0
        /// Domains probed whose lease had passed to another worker or that left the watchlist.
        public var rejected = 0
        /// Distinct sightings written.
        public var sightings = 0
        /// Live workers the limits were divided by.
        public var liveWorkers = 1
        /// The prober's counters.
        public var counters = ProbeCounters()
    }

    /// What a whole run did.
    public struct Summary: Hashable, Sendable {
        /// Rounds that leased at least one domain.
        public var rounds = 0
        /// Totals over the rounds (`liveWorkers` is the last seen).
        public var total = Round()
        /// Heartbeats that failed (the store was unreachable); leases may have passed on.
        public var heartbeatFailures = 0
        /// True when `duration` ended the run.
        public var stoppedByDuration = false
        /// True when `stop()` ended the run.
        public var stopped = false
    }

    private struct State {
        var liveWorkers = 1
        var queriesPerDomain: Double?
        var heartbeatFailures = 0
        var stopping = false
        var probing: Task<ProbeSummary, any Error>?
        var sourceIDs: [Source: SourceID] = [:]
    }

    /// The store holding the watchlist.
    public let store: any ObservationStore
    /// How to probe; `qps` and `perServerQPS` are the limits over all live workers.
    public let probe: ProbeConfig
    /// The watchlist's clock.
    public let clock: ProbeClock
    /// Lease settings.
    public let options: Options
    private let state = Mutex(State())

    /// A worker; nothing happens until `run` or `round`.
    public init(store: any ObservationStore, probe: ProbeConfig, clock: ProbeClock, options: Options) {
        var probe = probe
        probe.rounds = 1
        probe.duration = nil
        self.store = store
        self.probe = probe
        self.clock = clock
        self.options = options
    }

    /// Stops `run`: no more leases are taken; the round in flight stops starting lookups,
    /// completes the domains looked up, and its other leases are freed by `run`'s `retire`.
    public func stop() {
        let probing = state.withLock { s in
            s.stopping = true
            return s.probing
        }
        probing?.cancel()
    }

    /// Rounds until `stop()` or `duration`, then retires the worker (frees its leases).
    public func run(progress: (Round) -> Void = { _ in }) async throws -> Summary {
        var summary = Summary()
        let start = clock.now()
        do {
            while !state.withLock({ $0.stopping }) {
                if let d = options.duration, clock.now() - start >= d {
                    summary.stoppedByDuration = true
                    break
                }
                let r = try await round()
                if r.leased > 0 {
                    summary.rounds += 1
                    summary.total.add(r)
                    progress(r)
                } else {
                    await idle()
                }
            }
        } catch {
            try? await retire()
            throw error
        }
        summary.stopped = state.withLock { $0.stopping }
        summary.heartbeatFailures = state.withLock { $0.heartbeatFailures }
        summary.total.liveWorkers = state.withLock { $0.liveWorkers }
        try await retire()
        return summary
    }

    /// One round: a heartbeat (which renews this worker's leases and counts the live workers),
    /// then up to `batchSize` due domains leased, each probed once within this worker's share
    /// of the limits, then the answers written and the leases completed in one transaction.
    /// Returns after the heartbeat (`leased == 0`) when nothing is due.
    public func round() async throws -> Round {
        try await beat()
        let live = state.withLock { $0.liveWorkers }
        var config = probe
        config.qps = probe.qps.map { $0 / Double(live) }
        config.perServerQPS = probe.perServerQPS.map { $0 / Double(live) }
        let now = clock.now()
        let leases = try await store.leaseDueWatches(worker: options.id, at: now, until: now + leaseOnClock,
                                                     limit: roundSize(config))
        var round = Round(leased: leases.count, liveWorkers: live)
        guard !leases.isEmpty else { return round }

        let sink = Probe.CollectingSink()
        let names = NameList(leases.map(\.entry.domain))
        let clock = self.clock
        let probing = Task { try await Prober(config: config).run(names, sink: sink, clock: clock) }
        if state.withLock({ s in s.probing = probing; return s.stopping }) { probing.cancel() }
        let renewal = Task { await self.renewWhileProbing() }
        let result = await probing.result
        renewal.cancel()
        state.withLock { $0.probing = nil }
        round.counters = try result.get().counters
        if round.counters.lookupsDone > 0 {
            let perDomain = Double(round.counters.sent) / Double(round.counters.lookupsDone)
            state.withLock { $0.queriesPerDomain = perDomain }
        }

        var fold = ProbeFold()
        var wire = WireObservations()
        for r in sink.results { fold.add(r, wire: &wire) }
        var batch = fold.batch
        batch.remapSources(try await register(sink.sources))
        round.sightings = batch.sightings.count
        let done = sink.schedules.reduce(into: [DNSName: NameSchedule]()) { $0[$1.name] = $1 }
        let policy = probe.schedule
        let probes = leases.compactMap { lease -> WatchProbe? in
            guard let s = done[lease.entry.domain] else { return nil }  // not looked up (stopped): left to expire or retire
            let at = s.lastLookup ?? clock.now()
            let next = lease.entry.interval.map { at + $0 } ?? s.nextDue
            return WatchProbe(domain: lease.entry.domain, probedAt: at, nextDue: max(next, at + policy.minInterval))
        }
        let completed = try await store.completeLeases(probes, worker: options.id, batch: batch)
        round.completed = completed.count
        round.rejected = probes.count - completed.count
        return round
    }

    /// Adds to the watchlist the names it does not hold yet, due at `time`, with no note and
    /// no interval (following the TTL); names already watched keep their entries. Returns how
    /// many were added.
    public static func watch(_ names: [DNSName], store: any ObservationStore, at time: Timestamp) async throws -> Int {
        var added = 0
        for name in Set(names) where try await store.watchEntry(name) == nil {
            if try await store.upsertWatch(WatchEntry(domain: name, addedAt: time, nextDue: time)).created { added += 1 }
        }
        return added
    }

    /// Domains to lease in a round: `batchSize`, or under a rate limit as many as this
    /// worker's share asks about in `roundTime` (at least one).
    private func roundSize(_ config: ProbeConfig) -> Int {
        guard let share = [config.qps, config.perServerQPS].compactMap({ $0 }).min() else { return options.batchSize }
        let perDomain = state.withLock { $0.queriesPerDomain } ?? Double(max(1, config.types.count))
        let fit = Int(share * options.roundTime / max(perDomain, 1))
        return min(options.batchSize, max(1, fit))
    }

    /// Unregisters the worker and frees the leases it still holds.
    public func retire() async throws {
        try await store.retireWorker(options.id)
    }

    // MARK: Heartbeats

    /// The lease on the watchlist's clock.
    private var leaseOnClock: Double { options.lease * clock.scale }

    /// Registers or refreshes the worker, renews its leases, learns how many are alive.
    private func beat() async throws {
        let now = clock.now()
        let result = try await store.heartbeat(worker: options.id, at: now, until: now + leaseOnClock)
        state.withLock { $0.liveWorkers = result.liveWorkers }
    }

    /// Heartbeats every third of a lease until cancelled (the round's probing is over).
    private func renewWhileProbing() async {
        let real = options.lease / 3
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(real * 1000)))
            guard !Task.isCancelled else { return }
            do {
                try await beat()
            } catch {
                if !Task.isCancelled { state.withLock { $0.heartbeatFailures += 1 } }
            }
        }
    }

    /// Waits `options.idle` seconds, in short steps so that `stop()` is seen soon.
    private func idle() async {
        let until = Date().addingTimeInterval(options.idle)
        while Date() < until && !state.withLock({ $0.stopping }) {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Store ids for the prober's local source numbers, registering new sources.
    private func register(_ local: [SourceID: Source]) async throws -> [SourceID: SourceID] {
        var ids: [SourceID: SourceID] = [:]
        for (id, source) in local.sorted(by: { $0.key < $1.key }) {
            if let known = state.withLock({ $0.sourceIDs[source] }) {
                ids[id] = known
            } else {
                let stored = try await store.registerSource(source, clientMode: nil)
                state.withLock { $0.sourceIDs[source] = stored }
                ids[id] = stored
            }
        }
        return ids
    }
}

extension ProbeWorker.Round {
    /// Adds another round's figures (`liveWorkers` becomes the other's).
    mutating func add(_ other: ProbeWorker.Round) {
        leased += other.leased
        completed += other.completed
        rejected += other.rejected
        sightings += other.sightings
        liveWorkers = other.liveWorkers
        counters.add(other.counters)
    }
}
