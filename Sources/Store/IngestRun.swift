import FluxModel

/// An ingest run's number within one store.
public typealias RunID = Int64

/// One ingest of one input (a file, or a live feed with no file identity): its counters,
/// how far it got, and whether it finished.
public struct IngestRun: Hashable, Sendable {
    /// The run's number.
    public var id: RunID
    /// The source the run reads for.
    public var source: SourceID
    /// The identity of the file read; `nil` for live inputs.
    public var file: FileIdentity?
    /// The privacy form of the client strings this run stored.
    public var clientMode: ClientMode?
    /// When the run began.
    public var startedAt: Timestamp
    /// When the last batch was committed.
    public var updatedAt: Timestamp?
    /// When the run was marked complete.
    public var finishedAt: Timestamp?
    /// The caller's progress position (a byte offset, a record number...) committed with
    /// the last batch: everything before it is in the store, nothing after it is.
    public var position: Int64
    /// True once the whole input was read and written.
    public var completed: Bool
    /// Batches committed.
    public var batches: Int64
    /// Totals over the committed batches.
    public var counters: IngestCounters

    /// Creates a run value.
    public init(id: RunID, source: SourceID, file: FileIdentity?, clientMode: ClientMode?, startedAt: Timestamp,
                updatedAt: Timestamp?, finishedAt: Timestamp?, position: Int64, completed: Bool,
                batches: Int64, counters: IngestCounters) {
        self.id = id
        self.source = source
        self.file = file
        self.clientMode = clientMode
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
        self.position = position
        self.completed = completed
        self.batches = batches
        self.counters = counters
    }
}

/// What `beginRun` found for an input.
public enum RunStart: Hashable, Sendable {
    /// A new run: read the input from the start.
    case fresh(IngestRun)
    /// An interrupted run of the same file: skip the input up to `run.position`, then
    /// keep writing under this run.
    case resume(IngestRun)
    /// This file was already ingested completely: nothing to do.
    case alreadyIngested(IngestRun)

    /// The run in question.
    public var run: IngestRun {
        switch self {
        case .fresh(let r), .resume(let r), .alreadyIngested(let r): return r
        }
    }
}

/// The progress a batch carries: committed in the same transaction as the batch's rows.
public struct RunCheckpoint: Hashable, Sendable {
    /// The run the batch belongs to.
    public var run: RunID
    /// The caller's position just after the last input the batch covers.
    public var position: Int64

    /// Creates a checkpoint.
    public init(run: RunID, position: Int64) {
        self.run = run
        self.position = position
    }
}
