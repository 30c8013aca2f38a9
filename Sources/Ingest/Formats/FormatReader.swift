import FluxModel

/// A reader of one text input format. Every reader has the same shape: a name, a sniffer
/// for auto-detection, and a streaming `read` that turns lines into observations, outcomes
/// and client queries, reporting every bad line as a problem and reading on.
public protocol FormatReader: Sendable {
    /// The format read.
    var format: TextFormat { get }

    /// True if `prefix` (the first few KiB of an input, decompressed) looks like this format.
    /// Cheap and conservative: it looks for what the format always starts with.
    func sniff(_ prefix: [UInt8]) -> Bool

    /// Reads the whole input into `sink`. Bad lines or records are reported through
    /// `sink.problem` with file and line and reading goes on; with `options.strict` the first
    /// one is thrown (as an `IngestProblem`). A `ReadError` is thrown when the input cannot
    /// be read at all, or when its start shows it is another format.
    func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
              into sink: inout some IngestSink) throws -> ReadSummary
}

extension FormatReader {
    /// Opens `path` (gzip recognised) and reads it.
    public func read(path: String, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink, onProgress: ((Int) -> Void)? = nil) throws -> ReadSummary {
        var input = try LineReader(path: path, maxLineLength: options.maxLineLength)
        input.onProgress = onProgress
        return try read(&input, options: options, sources: sources, into: &sink)
    }

    /// Reads bytes held in memory (gzip recognised); `name` is used in problems.
    public func read(bytes: [UInt8], name: String, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        var input = try LineReader(name: name, bytes: bytes, maxLineLength: options.maxLineLength)
        return try read(&input, options: options, sources: sources, into: &sink)
    }
}

/// What one read did, for the command's summary line and progress bar.
public struct ReadSummary: Hashable, Sendable {
    /// Lines read.
    public var lines = 0
    /// Records (log entries, transcripts, zone records) accepted.
    public var records = 0
    /// Problems reported.
    public var problems = 0
    /// Bytes consumed from the file (compressed bytes for gzip).
    public var bytes = 0

    /// Creates a summary.
    public init(lines: Int = 0, records: Int = 0, problems: Int = 0, bytes: Int = 0) {
        self.lines = lines
        self.records = records
        self.problems = problems
        self.bytes = bytes
    }
}
