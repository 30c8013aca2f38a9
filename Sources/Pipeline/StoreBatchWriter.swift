import FluxModel
import Store

/// Writes pending batches to a store: registers the sources they bring, renumbers the batch
/// from local to store source ids, writes it in one transaction with the run's checkpoint,
/// and keeps totals. One writer per producer; calls are made one after another.
///
/// With an enrichment step, the addresses of each batch are looked up on another thread
/// while the batch is written, and stored (where the store has no record of them yet) right
/// after it, so that enrichment keeps pace with the input instead of following it.
public actor StoreBatchWriter {
    private let store: any ObservationStore
    private let enrichment: AddressEnrichment?
    private let clientMode: ClientMode?
    private let run: RunID?
    private var ids: [SourceID: SourceID] = [:]
    /// New and updated sightings and answer sets, summed over the batches written.
    public private(set) var report = WriteReport()
    /// Counters summed over the batches written.
    public private(set) var counters = IngestCounters.zero
    /// Batches written.
    public private(set) var batches = 0
    /// Addresses enriched (stored with their first enrichment) after the batches.
    public private(set) var enriched = 0

    /// Creates a writer; `run` (when given) gets each batch's position as its checkpoint.
    public init(store: any ObservationStore, clientMode: ClientMode?, run: RunID?, enrichment: AddressEnrichment? = nil) {
        self.store = store
        self.enrichment = enrichment
        self.clientMode = clientMode
        self.run = run
    }

    /// Registers the batch's new sources, then writes it.
    public func write(_ pending: PendingBatch) async throws {
        for (local, source) in pending.newSources.sorted(by: { $0.key < $1.key }) where ids[local] == nil {
            ids[local] = try await store.registerSource(source, clientMode: clientMode)
        }
        var batch = pending.batch
        let lookups = enrichment.map { enrichment in
            Task.detached { [batch] in enrichment.lookUp(AddressEnrichment.addresses(of: batch)) }
        }
        batch.remapSources(ids)
        let checkpoint = run.map { RunCheckpoint(run: $0, position: pending.position) }
        report += try await store.write(batch, checkpoint: checkpoint)
        counters += batch.totalCounters
        batches += 1
        if let lookups { enriched += try await store.insertAddressInfo(await lookups.value) }
    }

    /// The store id of a local source, once registered.
    public func storeID(of local: SourceID) -> SourceID? { ids[local] }
}
