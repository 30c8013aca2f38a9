import Enrichment
import FluxModel
import Foundation
import Ingest
import PacketCapture
import Store

/// `fluxscope capture --interface` as a library call: libpcap on a live interface, the same
/// message handling as capture files (query matching, clients, answer sets), batches written
/// on a timer (each batch's new addresses enriched as it is written), periodic stats, and a
/// clean stop: on `stop` (SIGINT/SIGTERM in the CLI) the capture ends, the last batch is
/// written and the run is finished.
public struct LiveCaptureIngest: Sendable {
    /// The store written to.
    public let store: any ObservationStore
    /// The interface (`eth0`, `lo`, `any`).
    public var interface: String
    /// A BPF filter; `nil` builds one from `options.ports`.
    public var filter: String?
    /// Ports, client privacy.
    public var options = ReadOptions()
    /// The source name; `nil` uses the interface name.
    public var sensor: String?
    /// Seconds between writes.
    public var flushInterval = 1.0
    /// Seconds between stats lines (0: none).
    public var statsInterval = 10.0
    /// Enriches new addresses at each stats line and at the end; `nil` for none.
    public var enricher: Enricher?

    /// Creates a live ingest of `interface` into `store`.
    public init(store: any ObservationStore, interface: String) {
        self.store = store
        self.interface = interface
    }

    /// Captures until `stop` yields, then finishes.
    /// - Parameters:
    ///   - log: Receives one line per event (started, stats, stopped).
    /// - Throws: `CaptureError` when the interface cannot be opened (permission, name,
    ///   filter), store errors.
    public func run(until stop: AsyncStream<Int32>, log: @escaping @Sendable (String) -> Void) async throws -> LiveStats {
        let clients = options.clients
        let mode: ClientMode? = clients.keepsClients ? clients.mode : nil
        let source = Source(kind: .live, name: sensor ?? interface)
        let sourceID = try await store.registerSource(source, clientMode: mode)
        let run = try await store.beginRun(source: sourceID, file: nil, clientMode: mode, at: IngestPipeline.now).run
        let channel = BatchChannel()
        let enrichment = enricher.flatMap { $0.sources.isEmpty ? nil : AddressEnrichment(enricher: $0) }
        let writer = StoreBatchWriter(store: store, clientMode: mode, run: run.id, enrichment: enrichment)
        let live = LiveStats.Box()
        let (opened, openedContinuation) = AsyncStream.makeStream(of: Result<CaptureStopper, any Error>.self)
        let capturing = Task { [self] in
            try await ReaderThread.run(name: "fluxscope-capture") {
                try capture(source: source, mode: mode, channel: channel, live: live, opened: openedContinuation)
            }
        }
        var first = opened.makeAsyncIterator()
        guard case .success(let stopper)? = await first.next() else {
            _ = await capturing.result
            try await capturing.value  // throws the open error
            throw CancellationError()
        }
        log("capturing on \(interface) (filter: \(filter ?? LiveCapture.defaultFilter(ports: options.ports))); stop with Ctrl-C or SIGTERM")
        let stopping = Task {
            for await _ in stop { break }
            stopper.stop()
        }
        let stats = Task { [statsInterval] in
            guard statsInterval > 0 else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(statsInterval * 1000)))
                if Task.isCancelled { break }
                log(await live.snapshot(writer).line)
            }
        }
        var writeError: (any Error)?
        for await pending in channel.batches {
            do { try await writer.write(pending) } catch {
                writeError = error
                channel.cancel()
                stopper.stop()
                break
            }
            channel.done()
        }
        stopping.cancel()
        stats.cancel()
        let captured = await capturing.result
        if let writeError { throw writeError }
        try captured.get()
        try await store.finishRun(run.id, at: IngestPipeline.now)
        if let enrichment { _ = try await enrichment.run(store: store) }  // addresses earlier runs left unenriched
        let final = await live.snapshot(writer)
        log("stopped: \(final.line)")
        return final
    }

    /// The capture loop, on its own thread: opens the interface, reports it opened, then
    /// handles messages and flushes on the timer until stopped.
    private func capture(source: Source, mode: ClientMode?, channel: BatchChannel, live: LiveStats.Box,
                         opened: AsyncStream<Result<CaptureStopper, any Error>>.Continuation) throws {
        let capture: LiveCapture
        do {
            capture = try LiveCapture(interface: interface, filter: filter, options: CaptureOptions(dnsPorts: options.ports))
        } catch {
            opened.yield(.failure(error))
            opened.finish()
            channel.finish()
            throw error
        }
        opened.yield(.success(capture.stopper))
        opened.finish()
        defer { channel.finish() }
        let sources = LocalSources()
        let local = sources.id(for: source)
        var handler = CaptureMessageHandler(source: local, file: interface, options: options)
        let sink = SinkBox(BatchingSink(
            clientMode: mode, defaultSource: local, policy: BatchPolicy(maxAge: nil),
            deliver: { batch, position in
                channel.send(PendingBatch(batch: batch, position: position, newSources: sources.takeNew()))
            }))
        var lastFlush = ContinuousClock.now
        let interval = Duration.milliseconds(Int(flushInterval * 1000))
        try capture.run(tick: { stats in
            live.update(stats)
            if lastFlush.duration(to: .now) >= interval {
                sink.value.flush()
                lastFlush = .now
            }
        }) { message in
            try handler.take(message, into: &sink.value)
            live.messages.add(1, ordering: .relaxed)
        }
        live.update(capture.stats)
        handler.finish(into: &sink.value)
        sink.value.flush()
    }
}

/// Holds the capture thread's sink so that the message and tick callbacks can both reach
/// it. Only ever used on the capture thread.
private final class SinkBox {
    var value: BatchingSink
    init(_ value: BatchingSink) { self.value = value }
}
