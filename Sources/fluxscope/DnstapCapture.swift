import DNSWire
import Dispatch
import FluxModel
import Foundation
import Ingest

/// The running `capture --dnstap`: a `DnstapServer` feeding one actor that owns the sink,
/// a flush timer, a stats timer, and SIGINT/SIGTERM for a clean stop with a last flush.
struct DnstapCapture {
    let endpoint: DnstapEndpoint
    let options: ReadOptions
    let messageTypes: Set<DnstapMessageType>?
    let output: CaptureCommand.Output
    let flushInterval: Double
    let statsInterval: Double
    let maxFrame: Int

    func run() async throws {
        let server = try await DnstapServer.bind(endpoint, maxFrameLength: maxFrame)
        let where_ = server.port.map { "\(endpoint) (port \($0))" } ?? endpoint.description
        Self.log("listening for dnstap on \(where_); stop with Ctrl-C or SIGTERM")
        let state = DnstapCaptureState(endpoint: endpoint.description, options: options, messageTypes: messageTypes, output: output)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { input in await state.take(input) } }
            group.addTask { try await Self.every(flushInterval) { await state.flush() } }
            if statsInterval > 0 {
                group.addTask { try await Self.every(statsInterval) { Self.log(await state.statsLine()) } }
            }
            group.addTask { await Self.signal([SIGINT, SIGTERM]) }
            _ = try await group.next()  // A signal, or the server failing.
            group.cancelAll()
        }
        await state.flush()
        Self.log("stopped: \(await state.statsLine())")
    }

    private static func every(_ seconds: Double, _ body: @Sendable () async -> Void) async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            await body()
        }
    }

    /// Returns when one of `signals` arrives.
    private static func signal(_ signals: [Int32]) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = signals.map { number in
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data("fluxscope capture: \(line)\n".utf8))
    }
}

/// The one owner of the sink: takes inputs from all connections, prints (or, later, stores)
/// on flush.
actor DnstapCaptureState {
    private var collector: DnstapCollector
    private let sourceTable: LocalSourceTable
    private var batch = CollectingSink()
    private var totals: [IngestCounter: Int] = [:]
    private let output: CaptureCommand.Output

    init(endpoint: String, options: ReadOptions, messageTypes: Set<DnstapMessageType>?, output: CaptureCommand.Output) {
        let table = LocalSourceTable()
        sourceTable = table
        collector = DnstapCollector(endpointName: endpoint, options: options, messageTypes: messageTypes,
                                    resolver: { table.id(for: $0) })
        self.output = output
    }

    func take(_ input: DnstapInput) {
        switch input {
        case .connected(let peer): DnstapCapture.log("sender connected: \(peer)")
        case .disconnected(let peer): DnstapCapture.log("sender disconnected: \(peer)")
        default: break
        }
        do {
            try collector.take(input, into: &batch)
        } catch {
            DnstapCapture.log("cannot record source: \(error)")
        }
    }

    /// Hands what was collected since the last flush on, and starts a new batch.
    func flush() {
        for problem in batch.problems { DnstapCapture.log("problem: \(problem)") }
        // STORE: when the store sink exists, write `batch` (observations, outcomes, clients,
        // counters) to it here, in one transaction, instead of printing it.
        if output == .json {
            var text = ""
            for o in batch.observations { text += CaptureJSON.line(o, source: sourceTable.name(o.source)) }
            for o in batch.outcomes { text += CaptureJSON.line(o, source: sourceTable.name(o.source)) }
            for c in batch.clients { text += CaptureJSON.line(c, source: sourceTable.name(c.source)) }
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
        for (k, v) in batch.counters { totals[k, default: 0] += v }
        batch = CollectingSink()
    }

    func statsLine() -> String {
        let s = collector.stats
        var counts = totals
        for (k, v) in batch.counters { counts[k, default: 0] += v }
        let c = IngestCounter.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }.joined(separator: " ")
        return "connections=\(s.openConnections)/\(s.connections) events=\(s.events) filtered=\(s.filtered) \(c)"
    }
}

/// Source IDs for a run without a store: numbered in order of first sight.
/// A reference type only so the collector's resolver closure can share it with the actor;
/// both live inside the actor's isolation, so it is never used concurrently.
final class LocalSourceTable {
    private var ids: [Source: SourceID] = [:]
    private var names: [SourceID: String] = [:]

    func id(for source: Source) -> SourceID {
        if let id = ids[source] { return id }
        let id = SourceID(ids.count + 1)
        ids[source] = id
        names[id] = source.name
        return id
    }

    func name(_ id: SourceID) -> String { names[id] ?? "?" }
}
