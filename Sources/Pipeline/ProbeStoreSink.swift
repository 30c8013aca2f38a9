import DNSWire
import FluxModel
import Ingest
import Probe
import Store
import Synchronization

/// A `ProbeSink` that batches the prober's observations, outcomes and answer sets into the
/// store. Sources are the prober's servers (kind `probe`, named `resolver@HOST:PORT` or
/// `authoritative@HOST:PORT`).
///
/// Three stages, so that the prober's event loop only appends: the prober's calls append
/// results and schedule states to a pending list under a lock (`deliver`); the sink's task
/// takes the list as soon as it holds `backlogLimit` rows (else every `flushInterval`
/// seconds), folds it into a `SightingBatch` (deduplicated, as ingest does) and hands that
/// to the writer, which commits it while the task folds the next list. At most one batch is
/// being written and one folded; only when the pending list is full too does the sink report
/// itself backlogged (`isBacklogged`) and the prober start no new lookup. Each name's schedule
/// state rides in the same list, so the same batch, as the results of the lookup that
/// produced it (`deliver`): a stored state never runs ahead of the stored observations, and a
/// stopped probe resumes from it (`ProbeResume`).
public final class ProbeStoreSink: ProbeSink {
    private struct State {
        var results: [ProbeResult] = []
        var schedules: [NameSchedule] = []
        /// An upper bound of the distinct rows `results` and `schedules` fold into: records,
        /// outcomes, one answer set per answered result, schedule states.
        var rows = 0
        var sources: [SourceID: Source] = [:]
        var failure: (any Error)?
        /// True once a wake-up was sent for the list being collected (it reached the limit).
        var wakeSent = false
    }

    /// A pending list as the sink's task takes it, with the sources first used in it.
    private typealias Taken = (results: [ProbeResult], schedules: [NameSchedule], sources: [SourceID: Source])

    private let state = Mutex(State())
    private let writer: StoreBatchWriter
    private let flusher = Mutex<Task<Void, Never>?>(nil)
    private let ticker = Mutex<Task<Void, Never>?>(nil)
    private let stopping = Mutex(false)
    /// Wakes the sink's task: a full list (from `deliver`) or the timer. At most one wake-up
    /// waits; more while one waits change nothing.
    private let wakes: AsyncStream<Void>.Continuation

    /// SQLite's page cache per connection for a probe's store (KiB): 8 MiB instead of the
    /// default 64, so that the cache, which fills as the file grows, does not make the probe's
    /// memory follow the list (heaptrack: 50 MB of SQLite's at the peak of a 103k-name run
    /// with 64 MiB). What the smaller cache costs in write speed on a large store is not
    /// measured yet; writes walk each batch in key order.
    public static let sqliteCacheKiB = 8_192

    /// SQLite's `wal_autocheckpoint` for a probe's store: 4,096 pages of `sqlitePageSize` (64 MiB
    /// of WAL) instead of the default 1,000 pages. A batch of 30,000 rows dirties more than 1,000
    /// 4 KiB pages (index pages of random addresses), so with the default every commit
    /// checkpointed: two fdatasyncs each, 46 of them taking 0.98 s of a 10 s run over 103,000
    /// names (strace).
    public static let sqliteWALCheckpointPages = 4_096

    /// SQLite's page size for a store the probe makes: 16 KiB instead of 4. Writing a 206k-name
    /// probe's rows (480,003 sightings, 190,000 answer sets, 206,000 schedules, key order, batches
    /// of 30,000) took SQLite 1.08-1.35 CPU-s with 16 KiB pages against 1.68-1.77 with 4 KiB
    /// (a C loop over the store's statements, docs/probe.md). A store made by another command
    /// keeps its pages.
    public static let sqlitePageSize = 16_384

    /// Rows (an upper bound of the distinct records they fold into) at which the pending list
    /// is taken at once; the prober waits while the list is this full and the previous one
    /// is still being folded or written.
    public let backlogLimit: Int

    /// Creates a sink writing to `store` and starts its task and flush timer.
    public init(store: any ObservationStore, flushInterval: Double = 1, backlogLimit: Int = 30_000) {
        writer = StoreBatchWriter(store: store, clientMode: nil, run: nil)
        self.backlogLimit = max(1, backlogLimit)
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakes = continuation
        // Stopped by a flag and the stream's end, not by cancellation: cancelling a task in
        // the middle of a store write makes the write throw CancellationError and loses the batch.
        let task = Task { [weak self] in
            var writing: Task<Void, Never>?
            for await _ in stream {
                guard let self, !self.stopping.withLock({ $0 }) else { break }
                guard let pending = self.take() else { continue }
                await writing?.value  // one batch written at a time, in order
                writing = Task { await self.write(pending) }
            }
            await writing?.value
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

    /// Appends results and the schedule states they produced to the pending list under one
    /// lock, so that one transaction writes both; wakes the sink's task when the list is full.
    public func deliver(_ results: [ProbeResult], schedules: [NameSchedule]) {
        var rows = schedules.count
        for r in results { rows += r.recordCount + (r.outcome == nil ? 0 : 1) + (r.recordCount == 0 ? 0 : 1) }
        let full = state.withLock { s -> Bool in
            s.results += results
            s.schedules += schedules
            s.rows += rows
            guard !s.wakeSent, s.rows >= backlogLimit else { return false }
            s.wakeSent = true
            return true
        }
        if full { wakes.yield() }
    }

    public func source(_ id: SourceID, _ source: Source) {
        state.withLock { $0.sources[id] = source }
    }

    /// Writes what is left and stops the sink's task and the timer.
    /// - Returns: New and updated sightings over the whole run.
    /// - Throws: The first write error, if any write failed.
    @discardableResult
    public func close() async throws -> WriteReport {
        stopping.withLock { $0 = true }
        ticker.withLock { $0 }?.cancel()
        wakes.finish()
        await flusher.withLock { $0 }?.value  // a batch being folded or written finishes first
        if let pending = take() { await write(pending) }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        return await writer.report
    }

    /// True while the pending list holds `backlogLimit` rows or more: the sink's task is still
    /// busy with the previous ones.
    public var isBacklogged: Bool { state.withLock { $0.rows >= backlogLimit } }

    /// Takes the pending list (nil when empty) and folds it into a batch, off the prober's loop.
    private func take() -> PendingBatch? {
        let taken = state.withLock { s -> Taken? in
            guard !s.results.isEmpty || !s.schedules.isEmpty else { return nil }
            defer {
                s.results = []
                s.schedules = []
                s.rows = 0
                s.sources.removeAll()
                s.wakeSent = false
            }
            return (s.results, s.schedules, s.sources)
        }
        guard let taken else { return nil }
        var fold = ProbeFold()
        var wire = WireObservations()
        for r in taken.results { fold.add(r, wire: &wire) }
        for state in taken.schedules { fold.batch.add(state) }
        return PendingBatch(batch: fold.batch, position: 0, newSources: taken.sources)
    }

    /// Writes one folded batch; a failure is kept for `close`.
    private func write(_ pending: PendingBatch) async {
        do {
            try await writer.write(pending)
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = error } }
        }
    }
}
