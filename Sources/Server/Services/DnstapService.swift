import FluxModel
import Ingest
import Logging
import ServiceLifecycle
import Store

/// Accepts dnstap from resolvers (Frame Streams on a Unix socket or TCP) and writes what they
/// send to the store about once a second; on graceful shutdown it stops listening and writes
/// what is left.
struct DnstapService: Service {
    let endpoint: DnstapEndpoint
    let store: any ObservationStore
    let metrics: ServerMetrics
    let logger: Logger

    func run() async throws {
        let server = try await DnstapServer.bind(endpoint)
        logger.info("listening for dnstap", metadata: ["endpoint": "\(endpoint)"])
        let state = DnstapBuffer(endpoint: endpoint.description)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { input in await state.take(input) } }
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
                await flush(state)
            }
            await server.close()
            group.cancelAll()
        }
        await flush(state)
    }

    private func flush(_ state: DnstapBuffer) async {
        let drained = await state.drain()
        guard !drained.observations.isEmpty || !drained.outcomes.isEmpty else { return }
        do {
            let written = try await BatchWriter(store: store).write(
                observations: drained.observations, outcomes: drained.outcomes, sources: drained.sources,
                counters: IngestCounters(messages: Int64(drained.messages), malformed: Int64(drained.malformed)))
            metrics.ingested(messages: drained.messages, sightings: written)
        } catch {
            logger.error("dnstap write failed", metadata: ["error": "\(error)"])
        }
    }
}

/// The one owner of the dnstap collector and what it gathered since the last flush.
actor DnstapBuffer {
    private var collector: DnstapCollector
    private let table: SourceTable
    private var sink = Ingest.CollectingSink()

    init(endpoint: String) {
        let table = SourceTable()
        self.table = table
        collector = DnstapCollector(endpointName: endpoint, resolver: { table.id(for: $0) })
    }

    func take(_ input: DnstapInput) {
        try? collector.take(input, into: &sink)
    }

    /// What was gathered, and the source table, leaving the buffer empty.
    func drain() -> (observations: [Observation], outcomes: [Outcome], messages: Int, malformed: Int, sources: [SourceID: Source]) {
        defer { sink = Ingest.CollectingSink() }
        return (sink.observations, sink.outcomes, sink.counters[.messages] ?? 0, sink.counters[.malformed] ?? 0, table.all)
    }
}

/// Local source numbers for the dnstap collector. A reference type only so the collector's
/// resolver closure can share it with `DnstapBuffer`; both are used only inside that actor's
/// isolation, never concurrently.
final class SourceTable {
    private var ids: [Source: SourceID] = [:]

    func id(for source: Source) -> SourceID {
        if let id = ids[source] { return id }
        let id = SourceID(ids.count + 1)
        ids[source] = id
        return id
    }

    var all: [SourceID: Source] { Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) }) }
}
