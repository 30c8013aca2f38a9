import DNSWire
import Enrichment
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store

/// The running `capture --dnstap`: a `DnstapServer` feeding one actor that owns the sink,
/// a flush timer, a stats timer, and SIGINT/SIGTERM for a clean stop with a last flush.
struct DnstapCapture {
    let endpoint: DnstapEndpoint
    let options: ReadOptions
    let messageTypes: Set<DnstapMessageType>?
    let output: CaptureCommand.Output
    let store: (any ObservationStore)?
    let enricher: Enricher
    let flushInterval: Double
    let statsInterval: Double
    let maxFrame: Int

    func run(until stop: AsyncStream<Int32>) async throws {
        let server = try await DnstapServer.bind(endpoint, maxFrameLength: maxFrame)
        var writer: StoreBatchWriter?
        var run: RunID?
        let clients = options.clients
        let mode: ClientMode? = clients.keepsClients ? clients.mode : nil
        let main = Source(kind: .dnstap, name: endpoint.description)
        if let store {
            let id = try await store.registerSource(main, clientMode: mode)
            run = try await store.beginRun(source: id, file: nil, clientMode: mode, at: Date().timeIntervalSince1970).run.id
            writer = StoreBatchWriter(store: store, clientMode: mode, run: run)
        }
        let where_ = server.port.map { "\(endpoint) (port \($0))" } ?? endpoint.description
        Self.log("listening for dnstap on \(where_); stop with Ctrl-C or SIGTERM")
        let state = DnstapCaptureState(main: main, options: options, messageTypes: messageTypes, output: output, writer: writer)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { input in await state.take(input) } }
            group.addTask { try await Self.every(flushInterval) { await state.flush() } }
            if statsInterval > 0 {
                group.addTask { try await Self.every(statsInterval) { Self.log(await state.statsLine()) } }
            }
            group.addTask { for await _ in stop { break } }
            _ = try await group.next()  // A signal, or the server failing.
            group.cancelAll()
        }
        await state.flush()
        if let store, let run {
            try await store.finishRun(run, at: Date().timeIntervalSince1970)
            if !enricher.sources.isEmpty { _ = try await AddressEnrichment(enricher: enricher).run(store: store) }
        }
        Self.log("stopped: \(await state.statsLine())")
        if let failure = await state.failure { throw failure }
    }

    private static func every(_ seconds: Double, _ body: @Sendable () async -> Void) async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            await body()
        }
    }

    @Sendable static func log(_ line: String) {
        FileHandle.standardError.write(Data("fluxscope capture: \(line)\n".utf8))
    }
}

/// The one owner of the sink: takes inputs from all connections; on flush writes the batch
/// to the store, or prints it (`--output json|counts`).
actor DnstapCaptureState {
    private var collector: DnstapCollector
    private let sourceTable: LocalSources
    private var printing = CollectingSink()
    private var storing: BatchingSink
    private var totals: [IngestCounter: Int] = [:]
    private let output: CaptureCommand.Output
    private let writer: StoreBatchWriter?
    private var flushing = false
    /// The first store failure; capture stops writing after it.
    private(set) var failure: (any Error)?

    init(main: Source, options: ReadOptions, messageTypes: Set<DnstapMessageType>?, output: CaptureCommand.Output,
         writer: StoreBatchWriter?) {
        let table = LocalSources()
        sourceTable = table
        collector = DnstapCollector(endpointName: main.name, options: options, messageTypes: messageTypes,
                                    resolver: { table.id(for: $0) })
        let clients = options.clients
        storing = BatchingSink(clientMode: clients.keepsClients ? clients.mode : nil, defaultSource: table.id(for: main),
                               policy: BatchPolicy(maxAge: nil, memoryLimit: nil),
                               report: { DnstapCapture.log("problem: \($0)") })
        self.output = output
        self.writer = writer
    }

    func take(_ input: DnstapInput) {
        switch input {
        case .connected(let peer): DnstapCapture.log("sender connected: \(peer)")
        case .disconnected(let peer): DnstapCapture.log("sender disconnected: \(peer)")
        default: break
        }
        do {
            if writer != nil { try collector.take(input, into: &storing) } else { try collector.take(input, into: &printing) }
        } catch {
            DnstapCapture.log("cannot record source: \(error)")
        }
    }

    /// Hands what was collected since the last flush on: to the store in one transaction, or
    /// to standard output.
    func flush() async {
        if let writer {
            guard !flushing, failure == nil else { return }
            flushing = true
            defer { flushing = false }
            let batch = storing.takeBatch()
            guard !batch.isEmpty else { return }
            for (k, v) in batch.totalCounters.asDictionary { totals[k, default: 0] += v }
            do {
                try await writer.write(PendingBatch(batch: batch, position: storing.position, newSources: sourceTable.takeNew()))
            } catch {
                failure = error
                DnstapCapture.log("cannot write to the store: \(error); captured data is no longer stored")
            }
            return
        }
        for problem in printing.problems { DnstapCapture.log("problem: \(problem)") }
        if output == .json {
            var text = ""
            for o in printing.observations { text += CaptureJSON.line(o, source: sourceTable.name(o.source)) }
            for o in printing.outcomes { text += CaptureJSON.line(o, source: sourceTable.name(o.source)) }
            for c in printing.clients { text += CaptureJSON.line(c, source: sourceTable.name(c.source)) }
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
        for (k, v) in printing.counters { totals[k, default: 0] += v }
        printing = CollectingSink()
    }

    func statsLine() async -> String {
        let s = collector.stats
        var counts = totals
        for (k, v) in printing.counters { counts[k, default: 0] += v }
        let c = IngestCounter.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }.joined(separator: " ")
        var line = "connections=\(s.openConnections)/\(s.connections) events=\(s.events) filtered=\(s.filtered) \(c)"
        if let writer {
            let r = await writer.report
            line += " sightings_new=\(r.sightingsInserted) sightings_updated=\(r.sightingsUpdated)"
        }
        return line
    }
}

extension IngestCounters {
    /// The counters under the names `IngestCounter` gives them (for stats lines).
    var asDictionary: [IngestCounter: Int] {
        [.messages: Int(messages), .malformed: Int(malformed), .unansweredQueries: Int(unansweredQueries),
         .observations: Int(observations)]
    }
}
