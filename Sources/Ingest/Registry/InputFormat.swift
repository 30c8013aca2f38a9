import FluxModel

/// One input format `fluxscope ingest` reads: its name for `--format`, how to recognise it
/// from the first octets of a file, and how to read a file into an `IngestSink`.
///
/// A reader's contract:
/// - call `sink.endOfRecord()` once after each input record (a DNS message, a dnstap frame,
///   a log line), after everything the record yielded: batches are cut only there, and the
///   number of calls so far is the position a killed ingest resumes from. The same file must
///   give the same sequence of records every time;
/// - do not skip anything yourself: when resuming, the sink drops the records up to the
///   committed position (a reader may use `InputFile.resumePosition` only to save work, and
///   must still call `endOfRecord()` for each record it passes over);
/// - report bad input with `sink.problem(_:)` and go on, unless `options.strict`;
/// - give observations the source `input.source`, or one from `input.resolver` where the
///   input names its own servers (dnstap `identity`);
/// - update `input.progress` now and then, and stop (throw `CancellationError`) when
///   `input.isCancelled()` turns true.
public protocol InputFormat: Sendable {
    /// The name `--format` takes (`pcap`, `dnstap`, `zeek`...).
    var name: String { get }
    /// The kind of the source a file of this format is ingested under.
    var sourceKind: Source.Kind { get }
    /// Whether `prefix` (the file's first octets: up to `InputFormatRegistry.sniffLength`)
    /// looks like this format. Binary magic numbers first; text formats by their header
    /// lines or keys.
    func sniff(_ prefix: [UInt8]) -> Bool
    /// Reads the whole file into `sink`.
    /// - Throws: `IngestProblem` when the file cannot be read at all (or at the first
    ///   problem in strict mode); `CancellationError` when cancelled.
    func read<Sink: IngestSink>(_ input: InputFile, into sink: inout Sink) throws
}

/// What a reader is given besides the sink: the file, options, sources, progress.
public struct InputFile {
    /// The file's path.
    public var path: String
    /// Reader options (ports, client privacy, strictness...).
    public var options: ReadOptions
    /// The source the file is ingested under (its id in `resolver`'s numbering).
    public var source: SourceID
    /// Numbers further sources the input names (dnstap server identities).
    public var resolver: SourceResolver
    /// The committed position of an interrupted run being resumed (0 for a fresh run). The
    /// sink drops records up to it; readers may use it to save work.
    public var resumePosition: Int64
    /// Where a reader reports how far into the file it is (optional).
    public var progress: ReadProgress?
    /// True once the consumer has given up (a failed write): stop reading.
    public var isCancelled: () -> Bool

    /// Creates an input description.
    public init(path: String, options: ReadOptions = ReadOptions(), source: SourceID, resolver: @escaping SourceResolver,
                resumePosition: Int64 = 0, progress: ReadProgress? = nil, isCancelled: @escaping () -> Bool = { false }) {
        self.path = path
        self.options = options
        self.source = source
        self.resolver = resolver
        self.resumePosition = resumePosition
        self.progress = progress
        self.isCancelled = isCancelled
    }
}
