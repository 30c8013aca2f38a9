import FluxModel

/// A batch on its way from a producer to `StoreBatchWriter`: the records (with local source
/// numbers), the input position to commit with them, and the sources numbered since the
/// previous batch.
public struct PendingBatch: Sendable {
    /// The deduplicated records and counters.
    public var batch: SightingBatch
    /// Records of the input ended after this batch (the run's new position).
    public var position: Int64
    /// Local source numbers first used in (or before) this batch.
    public var newSources: [SourceID: Source]

    /// Creates a pending batch.
    public init(batch: SightingBatch, position: Int64, newSources: [SourceID: Source]) {
        self.batch = batch
        self.position = position
        self.newSources = newSources
    }
}
