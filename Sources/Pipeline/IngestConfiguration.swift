import Enrichment
import Ingest

/// How `IngestPipeline` reads and writes: reader options, format, batching, enrichment.
public struct IngestConfiguration: Sendable {
    /// Reader options: DNS ports, client privacy, strictness.
    public var options = ReadOptions()
    /// The format's name (`--format`), or `nil` to detect it from each file's content.
    public var format: String?
    /// Ingest files again even when a completed run of them exists (`--force`).
    public var force = false
    /// When batches are written.
    public var policy = BatchPolicy()
    /// The source name for files (`--sensor`); `nil` names each file's source by its file name.
    public var sensor: String?
    /// The formats known.
    public var registry = InputFormatRegistry.standard
    /// Enriches new addresses after writing; `nil` for no enrichment.
    public var enricher: Enricher?
    /// For crash tests only: the process kills itself with SIGKILL after this many batches.
    public var killAfterBatches: Int?

    /// The defaults.
    public init() {}
}
