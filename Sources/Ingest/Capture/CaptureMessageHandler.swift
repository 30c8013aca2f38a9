import DNSWire
import FluxModel
import PacketCapture

/// Turns captured DNS messages (from a file or a live interface) into sink calls: parses
/// each message, matches queries with responses to count the unanswered ones, keeps the
/// querying client when asked to, and ends the record. Shared by `CaptureInputFormat` and
/// live capture, so both count the same way.
public struct CaptureMessageHandler {
    /// The source every message is attributed to.
    public let source: SourceID
    /// The file (or interface) name for problems.
    public let file: String
    /// Client privacy and strictness.
    public let options: ReadOptions
    /// Pending queries.
    public private(set) var matcher: QueryMatcher
    /// Whether well-formed messages take the fast path (`WireObservations`); off only to
    /// compare both paths in tests.
    public let fastPath: Bool
    private var wire = WireObservations()

    /// Creates a handler; `matcher` bounds the table of queries waiting for a response.
    public init(source: SourceID, file: String, options: ReadOptions, matcher: QueryMatcher = QueryMatcher(),
                fastPath: Bool = true) {
        self.source = source
        self.file = file
        self.options = options
        self.matcher = matcher
        self.fastPath = fastPath
    }

    /// Handles one message and ends its record.
    /// - Throws: the message's malformation in strict mode.
    public mutating func take<Sink: IngestSink>(_ m: CapturedMessage, into sink: inout Sink) throws {
        let scanned = fastPath && wire.scan(m.payload)
        let unanswered = matcher.take(m, layout: wire.layout, scanned: scanned)
        try emit(m, scanned: scanned, unanswered: unanswered, into: &sink)
    }

    /// Handles one message that the decoding thread scanned and matched
    /// (`CaptureFileReader.forEachScannedMessage` with a `QueryMatcher.take` of its own as the
    /// note: `scan.note` is the queries it gave up), and ends its record: the same sink calls
    /// as `take(_:into:)`.
    /// - Throws: the message's malformation in strict mode.
    public mutating func take<Sink: IngestSink>(_ m: CapturedMessage, scan: ScannedMessage, into sink: inout Sink) throws {
        if scan.isWellFormed, fastPath {
            wire.restore(id: scan.id, flags: scan.flags, extendedRCode: scan.extendedRCode, entries: scan.entries)
        }
        try emit(m, scanned: scan.isWellFormed && fastPath, unanswered: scan.note, into: &sink)
    }

    /// The sink calls of a message: `scanned` when `wire` holds its layout (else it is
    /// parsed the careful way), after the matcher gave up `unanswered` queries.
    private mutating func emit<Sink: IngestSink>(_ m: CapturedMessage, scanned: Bool, unanswered: Int,
                                                 into sink: inout Sink) throws {
        defer { sink.endOfRecord() }
        if scanned {
            if unanswered > 0 { sink.count(.unansweredQueries, unanswered) }
            do {
                try wire.emit(m.payload, time: m.seconds, source: source, client: client(of: m, wire.layout.flags.qr),
                              into: &sink)
            } catch {
                // Not reached: the scan checked everything these build.
                sink.problem(IngestProblem(file: file, offset: m.frameIndex, kind: "internal", reason: "\(error)"))
            }
            return
        }
        let (message, error) = Message.parsePartial(m.payload)
        if let error {
            sink.problem(IngestProblem(file: file, offset: m.frameIndex, kind: error.kind.name, reason: error.description))
            if options.strict {
                throw IngestProblem(file: file, offset: m.frameIndex, kind: error.kind.name, reason: error.description)
            }
            // A message cut before its header ends says nothing (as `MessageObservations`).
            if m.payload.count < 12 { return }
        }
        if unanswered > 0 { sink.count(.unansweredQueries, unanswered) }
        MessageObservations.emit(message, complete: error == nil, time: m.seconds, source: source,
                                 client: client(of: m, message.flags.qr), into: &sink)
    }

    /// The querying client in its stored form, for queries when clients are kept.
    private func client(of m: CapturedMessage, _ isResponse: Bool) -> String? {
        isResponse ? nil : options.clients.render(m.source)
    }

    /// Ends the input: queries still waiting are counted as unanswered.
    public mutating func finish<Sink: IngestSink>(into sink: inout Sink) {
        let left = matcher.drain()
        if left > 0 { sink.count(.unansweredQueries, left) }
    }
}
