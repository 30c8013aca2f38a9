import DNSWire
import FluxModel
import Probe
import Store
import Synchronization

/// A `ProbeSink` that batches the prober's observations, outcomes and answer sets into the
/// store. Sources are the prober's servers (kind `probe`, named `resolver@HOST:PORT` or
/// `authoritative@HOST:PORT`). The prober's calls only fold results into a batch under a
/// lock; a writer task writes the batch as soon as it holds `backlogLimit` distinct records,
/// else every `flushInterval` seconds, and `close()` writes the rest. The prober fills the
/// next batch while the writer commits the previous one, and waits only when that one is
/// full too (`isBacklogged`). Each name's schedule state rides in the same batch as the
/// results of the lookup that produced it (`deliver`), so a stored state never runs ahead of
/// the stored observations, and a stopped probe resumes from it (`ProbeResume`).
public final class ProbeStoreSink: ProbeSink {
    private struct State {
        var batch = SightingBatch()
        var sources: [SourceID: Source] = [:]
        var failure: (any Error)?
        /// True once a wake-up was sent for the batch being collected (it reached the limit).
        var wakeSent = false
    }

    private let state = Mutex(State())
    private let writer: StoreBatchWriter
    private let flusher = Mutex<Task<Void, Never>?>(nil)
    private let ticker = Mutex<Task<Void, Never>?>(nil)
    private let stopping = Mutex(false)
    /// Wakes the writer task: a full batch (from `deliver`) or the timer. At most one
    /// wake-up waits; more while one waits change nothing.
    private let wakes: AsyncStream<Void>.Continuation

    /// SQLite's page cache per connection for a probe's store (KiB): 8 MiB instead of the
    /// default 64, so that the cache, which fills as the file grows, does not make the probe's
    /// memory follow the list (heaptrack: 50 MB of SQLite's at the peak of a 103k-name run
    /// with 64 MiB). What the smaller cache costs in write speed on a large store is not
    /// measured yet; writes walk each batch in key order.
    public static let sqliteCacheKiB = 8_192

    /// Distinct records (`SightingBatch.distinctCount`) at which a batch is written at once;
    /// the prober waits while the previous batch is being written and this one is this full.
    public let backlogLimit: Int

    /// Creates a sink writing to `store` and starts its writer and flush timer.
    public init(store: any ObservationStore, flushInterval: Double = 1, backlogLimit: Int = 30_000) {
        writer = StoreBatchWriter(store: store, clientMode: nil, run: nil)
        self.backlogLimit = max(1, backlogLimit)
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakes = continuation
        // Stopped by a flag and the stream's end, not by cancellation: cancelling a task in
        // the middle of a store write makes the write throw CancellationError and loses the batch.
        let task = Task { [weak self] in
            for await _ in stream {
                guard let self, !self.stopping.withLock({ $0 }) else { return }
                await self.flush()
            }
        }
        flusher.withLock { $0 = task }
        let tick = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(flushInterval * 1000)))
                guard let self else { return }
                self.wakes.yield()
            }
        }
        ticker.withLock { $0 = tick }
    }

    public func record(_ results: [ProbeResult]) {
        deliver(results, schedules: [])
    }

    public func scheduled(_ states: [NameSchedule]) {
        deliver([], schedules: states)
    }

    /// Folds results and the schedule states they produced into the batch under one lock,
    /// so that one transaction writes both; wakes the writer when the batch is full.
    public func deliver(_ results: [ProbeResult], schedules: [NameSchedule]) {
        let full = state.withLock { s -> Bool in
            for r in results { ProbeStoreSink.add(r, to: &s.batch) }
            for state in schedules { s.batch.add(state) }
            guard !s.wakeSent, s.batch.distinctCount >= backlogLimit else { return false }
            s.wakeSent = true
            return true
        }
        if full { wakes.yield() }
    }

    public func source(_ id: SourceID, _ source: Source) {
        state.withLock { $0.sources[id] = source }
    }

    /// Writes what is left and stops the writer and the timer.
    /// - Returns: New and updated sightings over the whole run.
    /// - Throws: The first write error, if any write failed.
    @discardableResult
    public func close() async throws -> WriteReport {
        stopping.withLock { $0 = true }
        ticker.withLock { $0 }?.cancel()
        wakes.finish()
        await flusher.withLock { $0 }?.value  // a flush in progress finishes first
        await flush()
        if let failure = state.withLock({ $0.failure }) { throw failure }
        return await writer.report
    }

    /// True while the batch being collected holds `backlogLimit` records or more: the writer
    /// is still busy with the previous one.
    public var isBacklogged: Bool { state.withLock { $0.batch.distinctCount >= backlogLimit } }

    /// Writes the batch collected so far.
    func flush() async {
        let pending = state.withLock { s -> PendingBatch? in
            guard !s.batch.isEmpty else { return nil }
            var taken = SightingBatch()
            swap(&taken, &s.batch)
            defer {
                s.sources.removeAll()
                s.wakeSent = false
            }
            return PendingBatch(batch: taken, position: 0, newSources: s.sources)
        }
        guard let pending else { return }
        do {
            try await writer.write(pending)
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = error } }
        }
    }

    /// Folds one result in: its records, its outcome, its answer sets, one message.
    static func add(_ r: ProbeResult, to batch: inout SightingBatch) {
        batch.observerClock = max(batch.observerClock ?? r.time, r.time)  // the prober's clock
        for o in r.observations { batch.add(o) }
        if let outcome = r.outcome { batch.add(outcome) }
        guard case .answered = r.status, let source = r.observations.first?.source ?? r.outcome?.source else { return }
        batch.tally(IngestCounters(messages: 1), for: source)
        var groups: [(name: DNSName, type: RecordType, addresses: [IPAddress])] = []
        for o in r.observations where o.section == .answer {
            let address: IPAddress
            switch o.data {
            case .a(let a): address = .v4(a)
            case .aaaa(let a): address = .v6(a)
            default: continue
            }
            if let i = groups.firstIndex(where: { $0.type == o.type && $0.name == o.name }) {
                groups[i].addresses.append(address)
            } else {
                groups.append((o.name, o.type, [address]))
            }
        }
        for g in groups {
            batch.add(AnswerSet(name: g.name, type: g.type, addresses: g.addresses, time: r.time, source: source))
        }
    }
}
