import DNSWire
import FluxModel

/// One line of text input, checked: within the length limit, valid UTF-8, no NUL bytes.
public struct TextLine {
    /// The text without its line terminator.
    public var text: String
    /// The 1-based line number.
    public var number: Int
}

/// The state every reader shares while reading one input: problem reporting (with strict
/// mode and the wrong-format guard), source identifiers, and line checks.
public struct ReadContext {
    /// The input's name.
    public let file: String
    /// The format being read.
    public let format: TextFormat
    /// The options of the run.
    public let options: ReadOptions
    private let resolver: SourceResolver
    private var sourceIDs: [Source: SourceID] = [:]
    /// What was done so far.
    public private(set) var summary = ReadSummary()
    private var firstProblem: IngestProblem?

    /// Bad records at the start of an input, with no good one before them, after which the
    /// input is taken to be in another format and reading stops.
    public static let wrongFormatThreshold = 10

    /// Starts reading `file`.
    public init(file: String, format: TextFormat, options: ReadOptions, sources: @escaping SourceResolver) {
        self.file = file
        self.format = format
        self.options = options
        self.resolver = sources
    }

    /// The next line that passed the checks; lines that did not are reported as problems
    /// (`line_too_long`, `bad_encoding`). Throws `wrongEncoding` for UTF-16 input.
    public mutating func nextLine(_ input: inout LineReader, into sink: inout some IngestSink) throws -> TextLine? {
        while let raw = try input.next() {
            summary.lines = raw.number
            summary.bytes = input.bytesConsumed
            if raw.tooLong {
                try problem("line_too_long", "line of \(raw.length) bytes is longer than the limit of \(input.maxLineLength); skipped",
                            line: raw.number, into: &sink)
                continue
            }
            var bytes = raw.bytes
            if raw.number == 1 {
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
                if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                    throw ReadError(.wrongEncoding, file: file, "the input is UTF-16; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
                }
            }
            if raw.number == 1 && bytes.contains(0) {
                throw ReadError(.wrongEncoding, file: file, "NUL bytes in the first line: binary data (or UTF-16), not \(format.rawValue) text")
            }
            if bytes.contains(0) {
                try problem("bad_encoding", "NUL byte in a text line (binary data, or UTF-16 text?)", line: raw.number, into: &sink)
                continue
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                try problem("bad_encoding", "line is not valid UTF-8", line: raw.number, into: &sink)
                continue
            }
            return TextLine(text: text, number: raw.number)
        }
        summary.bytes = input.bytesConsumed
        return nil
    }

    /// Reports a bad line or record: counted, passed to the sink, thrown in strict mode, and
    /// turned into a `wrongFormat` error when the input has had nothing but problems.
    public mutating func problem(_ kind: String, _ reason: String, line: Int?, into sink: inout some IngestSink) throws {
        let p = IngestProblem(file: file, line: line, kind: kind, reason: reason)
        summary.problems += 1
        if firstProblem == nil { firstProblem = p }
        sink.problem(p)
        if options.strict { throw p }
        if summary.records == 0 && summary.problems >= ReadContext.wrongFormatThreshold {
            throw ReadError(.wrongFormat, file: file,
                            "the first \(summary.problems) records are not valid \(format.rawValue) input (first: \(firstProblem!)); "
                            + "check the file or choose another --format")
        }
    }

    /// Counts one good record.
    public mutating func accepted() { summary.records += 1 }

    /// The identifier of a source, asked of the resolver once per distinct source.
    public mutating func source(_ kind: Source.Kind, _ name: String) throws -> SourceID {
        let s = Source(kind: kind, name: name)
        if let id = sourceIDs[s] { return id }
        let id = try resolver(s)
        sourceIDs[s] = id
        return id
    }

    /// Emits a client query if the options keep clients; an address that cannot be
    /// transformed (truncation of something that is not an address) is a problem.
    public mutating func client(_ address: some StringProtocol, name: DNSName, time: Timestamp, source: SourceID,
                                line: Int?, into sink: inout some IngestSink) throws {
        guard options.clients != .off else { return }
        guard let parsed = IPAddress(address), let stored = options.clients.render(parsed) else {
            try problem("bad_client", "client '\(address)' is not an IP address", line: line, into: &sink)
            return
        }
        sink.client(ClientQuery(client: stored, name: name, time: time, source: source))
    }
}
