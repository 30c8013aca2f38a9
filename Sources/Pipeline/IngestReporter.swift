import Ingest
import Store

/// How far one file has got, for a progress bar.
public struct IngestProgress: Sendable {
    /// The file.
    public var path: String
    /// Bytes read so far and in all (`nil` when the reader does not say).
    public var bytes: Int64
    /// The file's size.
    public var totalBytes: Int64?
    /// Records read so far.
    public var records: Int64
    /// Seconds since the file was started.
    public var elapsed: Double

    /// Creates a progress value.
    public init(path: String, bytes: Int64, totalBytes: Int64?, records: Int64, elapsed: Double) {
        self.path = path
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.records = records
        self.elapsed = elapsed
    }
}

/// Told what an ingest is doing. `problem` is called on the reading thread, the others on
/// the pipeline's task: implementations must be thread-safe.
public protocol IngestReporter: Sendable {
    /// A file is about to be read (or skipped, when `start` is `.alreadyIngested`).
    func fileStarted(_ path: String, format: String, start: RunStart)
    /// A few times a second while a file is read.
    func progress(_ progress: IngestProgress)
    /// Bad input, counted and skipped.
    func problem(_ problem: IngestProblem)
    /// A file is done.
    func fileFinished(_ summary: FileSummary)
}

/// Reports nothing.
public struct SilentReporter: IngestReporter {
    /// Creates the reporter.
    public init() {}
    public func fileStarted(_ path: String, format: String, start: RunStart) {}
    public func progress(_ progress: IngestProgress) {}
    public func problem(_ problem: IngestProblem) {}
    public func fileFinished(_ summary: FileSummary) {}
}
