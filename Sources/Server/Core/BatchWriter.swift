import FluxModel
import Store

/// Writes what an input produced under its own source numbers (the prober's, an upload's, a
/// dnstap stream's) to the store: registers each source, renumbers, and writes one batch.
struct BatchWriter {
    let store: any ObservationStore

    /// Writes and returns the number of distinct records (sightings) in the batch.
    func write(observations: [Observation], outcomes: [Outcome], sources: [SourceID: Source],
               counters: IngestCounters = .zero) async throws -> Int {
        var ids: [SourceID: SourceID] = [:]
        for (local, source) in sources.sorted(by: { $0.key < $1.key }) {
            ids[local] = try await store.registerSource(source, clientMode: nil)
        }
        var batch = SightingBatch()
        for var o in observations {
            guard let id = ids[o.source] else { continue }
            o.source = id
            batch.add(o)
        }
        for var o in outcomes {
            guard let id = ids[o.source] else { continue }
            o.source = id
            batch.add(o)
        }
        if counters != .zero, let first = ids.values.min() { batch.tally(counters, for: first) }
        guard !batch.isEmpty else { return 0 }
        try await store.write(batch, checkpoint: nil)
        return batch.sightings.count
    }
}
